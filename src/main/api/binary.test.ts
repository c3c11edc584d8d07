// Pixels travel as bytes through one Request → Response handler, and only from inside dataset folders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PIXEL_HEADERS, binaryPaths } from '../../shared/api/binary';
import { decodeDicomFrame } from '../imaging/dicom';
import { createProtocolHandler } from '../electron/protocol';
import { deflateSync } from 'node:zlib';
import { PredictionMapStore } from '../services/models/predict-maps';
import { systemClock } from '../services/clock';
import { openTestWorkspace, type TestWorkspace } from '../../../tests/helpers/workspace';

let space: TestWorkspace;
let steel: { id: number; key: string; path: string }[];
let slices: { id: number; key: string; path: string }[];
const get = (path: string) => space.workstation.binary(new Request(`http://127.0.0.1${path}`));

beforeAll(async () => {
  space = await openTestWorkspace();
  steel = space.workstation.services.datasets.items(space.steelId);
  slices = space.workstation.services.datasets.items(space.ctId);
});
afterAll(async () => space?.cleanup());

describe('steel images', () => {
  it('are served as stored, typed by their bytes (PNG under a .jpg name), at full size', async () => {
    const response = await get(binaryPaths.itemImage(steel[0].id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1600, 256]);
  });

  it('have a class mask as a PNG whose set pixels are the RLE runs', async () => {
    const response = await get(binaryPaths.mask(steel[0].id, 1));
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect((await sharp(png).metadata()).channels).toBe(1);
    const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1600, 256, 1]);
    expect(data.filter((v) => v === 255).length).toBe(150); // "1 100 1000 50"
    expect(data[0]).toBe(255); // pixel 1 is (0, 0): column-major, 1-indexed
    expect(data[1600 * 99]).toBe(255); // pixel 100 is (0, 99)
    expect(data[1600 * 100]).toBe(0);
  });

  it("have a model version's masks as one byte per pixel, a bit per class; 404 where it has not predicted", async () => {
    space.workstation.services.labels.append(
      [
        { itemId: steel[0].id, classId: 2, payload: '3 2' },
        { itemId: steel[0].id, classId: 4, payload: '4 1' },
      ],
      'model:bits-test',
      'model-run',
    );
    const response = await get(binaryPaths.predictionMasks(steel[0].id, 'bits-test'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect([response.headers.get(PIXEL_HEADERS.width), response.headers.get(PIXEL_HEADERS.height)]).toEqual(['1600', '256']);
    const bits = new Uint8Array(await response.arrayBuffer());
    expect(bits.length).toBe(1600 * 256);
    expect([...bits.subarray(0, 5)]).toEqual([0, 0, 0b0010, 0b1010, 0]); // pixels 3–4 class 2, pixel 4 class 4
    expect(bits.reduce((n, b) => n + (b ? 1 : 0), 0)).toBe(2);
    const missing = await get(binaryPaths.predictionMasks(steel[1].id, 'bits-test'));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('model bits-test has not predicted');
    expect((await get('/bin/items/1/prediction?version=../x')).status).toBe(404);
  });

  it("have a model version's stored probability map of a class as row-major bytes at the model's size; 404 where none is stored", async () => {
    const map = Uint8Array.from({ length: 8 * 4 }, (_, i) => (i * 7) % 256);
    const maps = [1, 2, 3, 4].map((classId) => ({ classId, width: 8, height: 4, presence: null, deflated: new Uint8Array(deflateSync(classId === 3 ? map : new Uint8Array(32))) }));
    new PredictionMapStore(space.workstation.services.db, systemClock).put('model:map-test', [{ itemId: steel[0].id, maps }]);
    const response = await get(binaryPaths.probabilityMap(steel[0].id, 'map-test', 3));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect([response.headers.get(PIXEL_HEADERS.width), response.headers.get(PIXEL_HEADERS.height)]).toEqual(['8', '4']);
    expect(Array.from(new Uint8Array(await response.arrayBuffer()))).toEqual(Array.from(map));
    const missing = await get(binaryPaths.probabilityMap(steel[1].id, 'map-test', 3));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('model map-test has no stored probability map of class 3');
    expect((await get('/bin/items/1/probability/5?version=map-test')).status).toBe(404); // no class 5: no route
    expect((await get(binaryPaths.probabilityMap(slices[0].id, 'map-test', 1))).status).toBe(400);
  });

  it('have small JPEG thumbnails', async () => {
    const response = await get(binaryPaths.thumbnail(steel[1].id));
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(meta.width).toBeLessThanOrEqual(480);
  });
});

describe('CT slices', () => {
  it('are served as little-endian Int16 HU with their size in the headers, equal to the decoder', async () => {
    const response = await get(binaryPaths.sliceHu(slices[0].id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get(PIXEL_HEADERS.width)).toBe('16');
    expect(response.headers.get(PIXEL_HEADERS.height)).toBe('16');
    expect(response.headers.get(PIXEL_HEADERS.windowCenter)).toBe('40');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(16 * 16 * 2);
    const file = join(space.ctFolder, slices[0].path);
    const expected = decodeDicomFrame(readFileSync(file), 0, file).hu;
    const got = Array.from({ length: 256 }, (_, i) => bytes.readInt16LE(i * 2));
    expect(got).toEqual(Array.from(expected));
  });

  it("carry where their pixels lie from the slice's own header, and no PixelSpacing the header lacks", async () => {
    const response = await get(binaryPaths.sliceHu(slices[0].id));
    expect(response.headers.get(PIXEL_HEADERS.imagePosition)).toBe('-125\\-125\\0');
    expect(response.headers.get(PIXEL_HEADERS.imageOrientation)).toBe('1\\0\\0\\0\\1\\0');
    expect(response.headers.get(PIXEL_HEADERS.pixelSpacing)).toBeNull(); // these test slices have none
    expect(response.headers.get('access-control-expose-headers')).toContain(PIXEL_HEADERS.pixelSpacing);
  });

  it('are served windowed as PNG, and as the 3-window composite in colour', async () => {
    const gray = await sharp(Buffer.from(await (await get(binaryPaths.itemImage(slices[0].id, 'brain'))).arrayBuffer())).metadata();
    expect([gray.width, gray.height, gray.channels]).toEqual([16, 16, 1]);
    const composite = await sharp(Buffer.from(await (await get(binaryPaths.itemImage(slices[0].id, 'composite'))).arrayBuffer())).metadata();
    expect(composite.channels).toBe(3);
  });
});

describe('the guard and the errors', () => {
  it('refuses a file outside the dataset folder with 403', async () => {
    copyFileSync(join(space.steelFolder, 's1.jpg'), join(space.dir, 'outside.jpg'));
    const { db } = space.workstation.services;
    const id = Number(
      db
        .prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, 99)')
        .run(space.steelId, 'escapee.jpg', '../../outside.jpg').lastInsertRowid,
    );
    for (const path of [binaryPaths.itemImage(id), binaryPaths.thumbnail(id)]) expect((await get(path)).status, path).toBe(403);
  });

  it('refuses a symbolic link in the dataset folder that points out of it with 403', async () => {
    writeFileSync(join(space.dir, 'secret.jpg'), readFileSync(join(space.steelFolder, 's1.jpg')));
    symlinkSync(join(space.dir, 'secret.jpg'), join(space.steelFolder, 'linked.jpg'));
    const { db } = space.workstation.services;
    const id = Number(
      db
        .prepare('INSERT INTO items (dataset_id, key, path, width, height, sort_index) VALUES (?, ?, ?, 1600, 256, 98)')
        .run(space.steelId, 'linked.jpg', 'linked.jpg').lastInsertRowid,
    );
    for (const path of [binaryPaths.itemImage(id), binaryPaths.thumbnail(id)]) expect((await get(path)).status, path).toBe(403);
  });

  it('answers frames that do not exist with 404, and frame numbers that are not digits as no route', async () => {
    expect((await get(binaryPaths.sliceHu(slices[0].id, 1))).status).toBe(404);
    expect((await get(binaryPaths.sliceHu(slices[0].id, 999_999_999))).status).toBe(404);
    for (const frame of ['99999999999999999999', '1e3', '0x1', '-1', ' 1', '']) {
      expect((await get(`/bin/items/${slices[0].id}/hu?frame=${encodeURIComponent(frame)}`)).status, frame).toBe(404);
    }
    expect((await get(binaryPaths.sliceHu(999_999_999_999))).status).toBe(404);
  });

  it('answers unknown items and routes with 404, other methods with 405', async () => {
    expect((await get(binaryPaths.itemImage(999_999))).status).toBe(404);
    expect((await get('/bin/items/1/everything')).status).toBe(404);
    expect((await space.workstation.binary(new Request(`http://127.0.0.1${binaryPaths.itemImage(steel[0].id)}`, { method: 'POST' }))).status).toBe(405);
  });

  it('asks for a steel mask of a CT slice and gets 400', async () => {
    expect((await get(binaryPaths.mask(slices[0].id, 1))).status).toBe(400);
  });
});

describe("Electron's loupe:// protocol", () => {
  it('serves the same binary routes and the renderer files, with the CSP on the page', async () => {
    const handle = createProtocolHandler({ rendererDir: space.dir, binary: () => space.workstation.binary });
    const image = await handle(new Request(`loupe://app${binaryPaths.itemImage(steel[0].id)}`));
    expect(image.headers.get('content-type')).toBe('image/png');
    const csv = await handle(new Request('loupe://app/ct.csv'));
    expect(csv.status).toBe(200);
    expect((await handle(new Request('loupe://app/../../etc/passwd'))).status).toBe(404);
    expect((await handle(new Request('loupe://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('loupe://app/%E0%A4%A.js'))).status).toBe(400);
  });

  it('refuses a symbolic link in the renderer folder that points out of it', async () => {
    const renderer = join(space.dir, 'renderer-linked');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<title>Loupe</title>');
    symlinkSync(join(space.dir, 'ct.csv'), join(renderer, 'escape.js'));
    symlinkSync(space.dir, join(renderer, 'up'));
    const handle = createProtocolHandler({ rendererDir: renderer, binary: () => space.workstation.binary });
    expect((await handle(new Request('loupe://app/index.html'))).status).toBe(200);
    expect((await handle(new Request('loupe://app/escape.js'))).status).toBe(404);
    expect((await handle(new Request('loupe://app/up/ct.csv'))).status).toBe(404);
  });
});
