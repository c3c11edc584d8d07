// How the workstation names the choice that gets past an error: as the control of the dialog the person is in
// (the services name the choice; the CLI says it as its flag). No message the workstation shows names a flag.
import type { ErrorOption } from '../../shared/errors';

/** The labels of the import dialog's controls: the dialog shows them, and its errors name them. */
export const IMPORT_CONTROLS = {
  allowMissing: 'Skip label rows for images that are not in the folder',
  fixAny: 'Recompute “any” when it disagrees with the subtypes',
  name: 'Dataset name',
} as const satisfies Record<ErrorOption, string>;

/** The rename dialog's field. */
export const RENAME_CONTROLS = { ...IMPORT_CONTROLS, name: 'New name' } as const satisfies Record<ErrorOption, string>;

const HINTS: Record<ErrorOption, (control: string) => string> = {
  allowMissing: (control) => `tick “${control}” to skip such rows`,
  fixAny: (control) => `tick “${control}” to recompute it`,
  name: (control) => `choose another in “${control}”`,
};

/** An error as a dialog says it: its message, then what to change in the dialog when a choice gets past it. */
export function uiMessage(error: { message: string; option?: ErrorOption }, controls: Record<ErrorOption, string> = IMPORT_CONTROLS): string {
  return error.option ? `${error.message} (${HINTS[error.option](controls[error.option])})` : error.message;
}
