import { describe, expect, it } from 'vitest';
import { ctExportFileName, maskFileName, steelExportFileName } from './export-names';

describe('export file names', () => {
  it('name a dataset CSV after the dataset, safe for any file system', () => {
    expect(steelExportFileName('Severstal samples', 'current')).toBe('Severstal_samples-current.csv');
    expect(steelExportFileName('strips', 'truth')).toBe('strips-truth.csv');
    expect(steelExportFileName('../../etc', 'current')).toBe('etc-current.csv');
    expect(steelExportFileName('***', 'current')).toBe('steel-current.csv');
    expect(ctExportFileName('Demo head CT')).toBe('Demo_head_CT-labels.csv');
    expect(ctExportFileName('.hidden/one')).toBe('hidden_one-labels.csv');
  });

  it('name a class mask after its image without the extension', () => {
    expect(maskFileName('0030401a5.jpg', 4)).toBe('0030401a5_class4.png');
    expect(maskFileName('strip one.png', 1)).toBe('strip_one_class1.png');
    expect(maskFileName('a/b.jpg', 2)).toBe('a_b_class2.png');
  });
});
