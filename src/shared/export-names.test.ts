import { describe, expect, it } from 'vitest';
import { exportFileName, maskFileName } from './export-names';

describe('export file names', () => {
  it('name a dataset CSV after the dataset and its source, safe for any file system', () => {
    expect(exportFileName({ name: 'Severstal samples', kind: 'severstal' }, 'current')).toBe('Severstal_samples-current.csv');
    expect(exportFileName({ name: 'strips', kind: 'severstal' }, 'truth')).toBe('strips-truth.csv');
    expect(exportFileName({ name: '../../etc', kind: 'severstal' }, 'current')).toBe('etc-current.csv');
    expect(exportFileName({ name: '***', kind: 'severstal' }, 'current')).toBe('steel-current.csv');
    expect(exportFileName({ name: 'Demo head CT', kind: 'rsna' }, 'current')).toBe('Demo_head_CT-labels.csv');
    expect(exportFileName({ name: 'Head CT', kind: 'rsna' }, 'truth')).toBe('Head_CT-truth.csv');
    expect(exportFileName({ name: '.hidden/one', kind: 'rsna' }, 'current')).toBe('hidden_one-labels.csv');
    expect(exportFileName({ name: '***', kind: 'rsna' }, 'current')).toBe('ct-labels.csv');
  });

  it('name a class mask after its image without the extension', () => {
    expect(maskFileName('0030401a5.jpg', 4)).toBe('0030401a5_class4.png');
    expect(maskFileName('strip one.png', 1)).toBe('strip_one_class1.png');
    expect(maskFileName('a/b.jpg', 2)).toBe('a_b_class2.png');
  });
});
