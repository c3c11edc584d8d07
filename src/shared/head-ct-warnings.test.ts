import { describe, expect, it } from 'vitest';
import { headCtWarnings, type SliceHeader } from './head-ct-warnings';

const headCt: SliceHeader = { modality: 'CT', bodyPartExamined: '', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', rows: 512, columns: 512 };

describe('headCtWarnings', () => {
  it('says nothing about a 512² CT slice, with or without SOP Class and body part (RSNA files have neither)', () => {
    expect(headCtWarnings(headCt)).toEqual([]);
    expect(headCtWarnings({ modality: 'CT', rows: 512, columns: 512 })).toEqual([]);
    for (const part of ['HEAD', 'Brain', 'SKULL', 'HEADNECK', 'cranium']) expect(headCtWarnings({ ...headCt, bodyPartExamined: part }), part).toEqual([]);
    expect(headCtWarnings({ ...headCt, sopClassUid: '1.2.840.10008.5.1.4.1.1.2.1' })).toEqual([]); // enhanced CT
  });

  it('names another modality, a missing one, and a SOP Class that is not a CT image', () => {
    expect(headCtWarnings({ ...headCt, modality: 'OT', sopClassUid: '1.2.840.10008.5.1.4.1.1.7' })).toEqual([
      'Modality is OT, not CT',
      'SOP Class is Secondary Capture Image Storage (1.2.840.10008.5.1.4.1.1.7), not a CT image',
    ]);
    expect(headCtWarnings({ ...headCt, modality: ' ' })).toEqual(['has no Modality, so it may not be CT']);
    expect(headCtWarnings({ ...headCt, sopClassUid: '1.2.3.4' })).toEqual(['SOP Class is 1.2.3.4, not a CT image']);
  });

  it('names a body part other than the head', () => {
    expect(headCtWarnings({ ...headCt, bodyPartExamined: 'ANKLE' })).toEqual(['BodyPartExamined is ANKLE, not the head']);
  });

  it('names a size unusual for a head CT: not square, under 128 px, over 1024 px', () => {
    expect(headCtWarnings({ ...headCt, rows: 256 })).toEqual(['512×256 is not square, unusual for a head CT']);
    expect(headCtWarnings({ ...headCt, rows: 16, columns: 16 })).toEqual(['16×16 is smaller than 128 px a side, unusual for a head CT']);
    expect(headCtWarnings({ ...headCt, rows: 128, columns: 128 })).toEqual([]);
    expect(headCtWarnings({ ...headCt, rows: 2048, columns: 2048 })).toEqual(['2048×2048 is larger than 1024 px a side, unusual for a head CT']);
  });
});
