import { describe, expect, it } from 'vitest';
import { IMPORT_CONTROLS, RENAME_CONTROLS, uiMessage } from './errorHints';

describe('uiMessage', () => {
  it('names the import dialog’s checkbox, never a flag', () => {
    const text = uiMessage({ message: 'labels.csv:13: label for unknown slice "ID_x" (no such DICOM file in the folder)', option: 'allowMissing' });
    expect(text).toBe(`labels.csv:13: label for unknown slice "ID_x" (no such DICOM file in the folder) (tick “${IMPORT_CONTROLS.allowMissing}” to skip such rows)`);
    expect(text).not.toMatch(/--/);
    expect(uiMessage({ message: 'labels.csv:9: "any" is 0 …', option: 'fixAny' })).toContain(`tick “${IMPORT_CONTROLS.fixAny}”`);
  });

  it('names the field a dataset’s name is typed in', () => {
    expect(uiMessage({ message: 'a dataset named "steel" exists already', option: 'name' })).toBe('a dataset named "steel" exists already (choose another in “Dataset name”)');
    expect(uiMessage({ message: 'a dataset named "steel" exists already', option: 'name' }, RENAME_CONTROLS)).toContain('“New name”');
  });

  it('leaves an error without an option as it is', () => {
    expect(uiMessage({ message: '/data: no such folder' })).toBe('/data: no such folder');
  });
});
