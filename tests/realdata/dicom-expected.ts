// What ../shared/data/INVENTORY.md says about each real DICOM file (header values and raw stored range), as data
// for tests/realdata/dicom.test.ts. `storedRange: null` marks the one row whose range INVENTORY calls unreliable.

export interface ExpectedDicom {
  /** Path under the shared data folder. */
  file: string;
  rows: number;
  columns: number;
  frames: number;
  bitsStored: number;
  pixelRepresentation: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  transferSyntaxUid: string;
  storedRange: [number, number] | null;
  instanceNumber?: number;
  z?: number;
}

const TS = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  bigEndian: '1.2.840.10008.1.2.2',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless57: '1.2.840.10008.1.2.4.57',
  jpegLossless70: '1.2.840.10008.1.2.4.70',
  jpegLs: '1.2.840.10008.1.2.4.80',
  jpegLsNear: '1.2.840.10008.1.2.4.81',
  j2kLossless: '1.2.840.10008.1.2.4.90',
  j2k: '1.2.840.10008.1.2.4.91',
  rle: '1.2.840.10008.1.2.5',
};

// CT0012 keeps its rescale only in the functional groups (Pixel Value Transformation: intercept -1024, slope 1).
const ct0012 = { rows: 512, columns: 512, frames: 2, bitsStored: 16, pixelRepresentation: 0, rescaleSlope: 1, rescaleIntercept: -1024 };
const ct1 = { rows: 512, columns: 512, frames: 1, bitsStored: 16, pixelRepresentation: 1, rescaleSlope: 1, rescaleIntercept: -1024 };
const head = (bitsStored: number) => ({ rows: 512, columns: 512, frames: 1, bitsStored, pixelRepresentation: 1, rescaleSlope: 1, rescaleIntercept: -1024 });
const tiny = { rows: 16, columns: 16, frames: 1, bitsStored: 16, pixelRepresentation: 1, rescaleSlope: 1, rescaleIntercept: -1024, transferSyntaxUid: TS.explicit };
const phantom = { rows: 512, columns: 512, frames: 1, bitsStored: 16, pixelRepresentation: 1, rescaleSlope: 1, rescaleIntercept: -1024, transferSyntaxUid: TS.explicit };

export const EXPECTED_DICOM: ExpectedDicom[] = [
  { file: 'dicom/dicomparser__CT0012.explicit_little_endian.dcm', ...ct0012, transferSyntaxUid: TS.explicit, storedRange: [0, 1196] },
  // 12-bit lossy: INVENTORY's range is gdcm's, which DCMTK's own decoder reproduces exactly (see the twin test).
  { file: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_baseline.51.dcm', ...ct0012, bitsStored: 12, transferSyntaxUid: TS.jpegExtended, storedRange: [1010, 2223] },
  { file: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', ...ct0012, transferSyntaxUid: TS.jpegLossless57, storedRange: [0, 1196] },
  { file: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_lossless.70.dcm', ...ct0012, transferSyntaxUid: TS.jpegLossless70, storedRange: [0, 1196] },
  // INVENTORY's 0..1132 came from a gdcm run that it calls non-deterministic and wrong; checked against the twin instead.
  { file: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_ls.81.dcm', ...ct0012, transferSyntaxUid: TS.jpegLsNear, storedRange: null },
  { file: 'dicom/dicomparser__CT0012.not_fragmented_bot_rle.dcm', ...ct0012, transferSyntaxUid: TS.rle, storedRange: [0, 1196] },
  { file: 'dicom/dicomparser__CT1_UNC.explicit_big_endian.dcm', ...ct1, transferSyntaxUid: TS.bigEndian, storedRange: [-2000, 2278] },
  { file: 'dicom/dicomparser__CT1_UNC.fragmented_no_bot_jpeg_ls.80.dcm', ...ct1, transferSyntaxUid: TS.jpegLs, storedRange: [-2000, 2278] },
  { file: 'dicom/dicomparser__CT1_UNC.implicit_little_endian.dcm', ...ct1, transferSyntaxUid: TS.implicit, storedRange: [-2000, 2278] },
  { file: 'dicom/dicomparser__CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm', ...ct1, transferSyntaxUid: TS.jpegLs, storedRange: [-2000, 2278] },
  { file: 'dicom/octave-dicom-deb__CT-MONO2-16-ankle.dcm', ...ct1, transferSyntaxUid: TS.implicit, storedRange: [32, 4080] },
  { file: 'dicom/pydicom-data__693_J2KR.dcm', ...head(16), transferSyntaxUid: TS.j2kLossless, storedRange: [-2000, 2492] },
  { file: 'dicom/pydicom-data__693_UNCR.dcm', ...head(14), transferSyntaxUid: TS.explicit, storedRange: [-2000, 2492] },
  { file: 'dicom/pydicom-deb__693_J2KI.dcm', ...head(14), transferSyntaxUid: TS.j2k, storedRange: [-2971, 2836] },
  { file: 'dicom/pydicom-deb__CT_small.dcm', ...ct1, rows: 128, columns: 128, transferSyntaxUid: TS.explicit, storedRange: [128, 2191] },
  // Header: signed, 13 bits, intercept 0; the J2K codestream is unsigned. pydicom's fresh read gives -2000..1896.
  {
    file: 'dicom/pydicom-deb__J2K_pixelrep_mismatch.dcm',
    ...head(13),
    rescaleIntercept: 0,
    transferSyntaxUid: TS.j2kLossless,
    storedRange: [-2000, 1896],
  },
  {
    file: 'dicom/pydicom-deb__image_dfl.dcm',
    rows: 512,
    columns: 512,
    frames: 1,
    bitsStored: 8,
    pixelRepresentation: 0,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    transferSyntaxUid: TS.deflated,
    storedRange: [0, 255],
  },
  { file: 'ct_series/pydicom_dicomdirtests_cardiac_CT5N/2062', ...tiny, storedRange: [136, 1068], instanceNumber: 6, z: 8.7625 },
  { file: 'ct_series/pydicom_dicomdirtests_cardiac_CT5N/2392', ...tiny, storedRange: [165, 1109], instanceNumber: 7, z: 6.2625 },
  { file: 'ct_series/pydicom_dicomdirtests_cardiac_CT5N/2693', ...tiny, storedRange: [358, 1099], instanceNumber: 8, z: 3.7625 },
  { file: 'ct_series/pydicom_dicomdirtests_cardiac_CT5N/3023', ...tiny, storedRange: [873, 1074], instanceNumber: 9, z: 1.2625 },
  { file: 'ct_series/pydicom_dicomdirtests_cardiac_CT5N/3353', ...tiny, storedRange: [868, 1068], instanceNumber: 10, z: -1.2375 },
  { file: 'ct_series/pydicom_dicomdirtests_head_CT2/17106', ...tiny, storedRange: [43, 1101], instanceNumber: 18, z: -99.480003 },
  { file: 'ct_series/pydicom_dicomdirtests_head_CT2/17136', ...tiny, storedRange: [1101, 2384], instanceNumber: 180, z: 103.019997 },
  { file: 'ct_series/pydicom_dicomdirtests_head_CT2/17166', ...tiny, storedRange: [2015, 2513], instanceNumber: 181, z: 104.269997 },
  { file: 'ct_series/pydicom_dicomdirtests_head_CT2/17196', ...tiny, storedRange: [1522, 2423], instanceNumber: 182, z: 105.519997 },
  ...(
    [
      ['2.16.840.1.114362.1.11940992.23790159890.563423471.893.87.dcm', 1149, 1, 60],
      ['2.16.840.1.114362.1.11940992.23790159890.563423471.985.89.dcm', 1149, 2, 65],
      ['2.16.840.1.114362.1.11940992.23790159890.563423471.995.90.dcm', 1150, 3, 70],
      ['2.16.840.1.114362.1.11940992.23790159890.563423472.1087.91.dcm', 1149, 4, 75],
      ['2.16.840.1.114362.1.11940992.23790159890.563423472.148.92.dcm', 1150, 5, 80],
    ] as const
  ).map(([name, max, instanceNumber, z]) => ({
    file: `ct_series/rtutils_ct_phantom_5slices/${name}`,
    ...phantom,
    storedRange: [-2000, max] as [number, number],
    instanceNumber,
    z,
  })),
];

/** Twins INVENTORY found pixel-identical to their uncompressed reference. */
export const IDENTICAL_TWINS: Array<[string, string]> = [
  ['dicom/dicomparser__CT1_UNC.explicit_big_endian.dcm', 'dicom/dicomparser__CT1_UNC.implicit_little_endian.dcm'],
  ['dicom/dicomparser__CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm', 'dicom/dicomparser__CT1_UNC.implicit_little_endian.dcm'],
  ['dicom/dicomparser__CT1_UNC.fragmented_no_bot_jpeg_ls.80.dcm', 'dicom/dicomparser__CT1_UNC.implicit_little_endian.dcm'],
  ['dicom/dicomparser__CT0012.not_fragmented_bot_rle.dcm', 'dicom/dicomparser__CT0012.explicit_little_endian.dcm'],
  ['dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_lossless.57.dcm', 'dicom/dicomparser__CT0012.explicit_little_endian.dcm'],
  ['dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_lossless.70.dcm', 'dicom/dicomparser__CT0012.explicit_little_endian.dcm'],
  ['dicom/pydicom-data__693_J2KR.dcm', 'dicom/pydicom-data__693_UNCR.dcm'],
];
