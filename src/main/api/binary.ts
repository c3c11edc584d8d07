// The binary routes as one web-standard `Request → Response` handler: Electron's `loupe://` protocol
// and the browser host's HTTP server both hand their requests to it. Pixels travel as bytes only, and a label
// export as a stream of CSV bytes (never one JSON string).
import type { ItemImageService, EncodedImage } from '../services/datasets/item-images';
import type { ExportService } from '../services/exports/export';
import { EXPORT_HEADERS, PIXEL_HEADERS, parseBinaryRoute } from '../../shared/api/binary';
import { huBytes } from '../../shared/api/hu-bytes';
import { formatNumbers } from '../../shared/slice-geometry';
import { LoupeError, errorMessage } from '../../shared/errors';

export type BinaryHandler = (request: Request) => Promise<Response>;

const STATUS: Record<string, number> = { bad_input: 400, forbidden: 403, not_found: 404, conflict: 409, cancelled: 409, internal: 500 };

export function createBinaryHandler(images: ItemImageService, exports: ExportService): BinaryHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'only GET and HEAD');
    const url = new URL(request.url);
    const route = parseBinaryRoute(url.pathname, url.searchParams);
    if (!route) return text(404, `no such binary route: ${url.pathname}`);
    try {
      switch (route.kind) {
        case 'image':
          return imageResponse(await images.image(route.itemId, route.window));
        case 'thumbnail':
          return imageResponse(await images.thumbnail(route.itemId));
        case 'mask':
          return imageResponse(await images.maskPng(route.itemId, route.classId), 'no-store');
        case 'prediction':
          return imageResponse(images.predictionBits(route.itemId, route.version), 'no-store');
        case 'probability':
          return imageResponse(images.probabilityMap(route.itemId, route.version, route.classId), 'no-store');
        case 'labels-csv': {
          const download = exports.download(route.datasetId, route.source, route.legacy);
          if (request.method === 'HEAD') await download.stream.cancel();
          return new Response(request.method === 'HEAD' ? null : download.stream, {
            status: 200,
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': `attachment; filename="${download.fileName}"`,
              'cache-control': 'no-store',
              // Items without a label are not in the CSV (an unlabelled item is not a defect-free one): how many.
              [EXPORT_HEADERS.skipped]: String(download.skipped),
              'access-control-expose-headers': EXPORT_HEADERS.skipped,
            },
          });
        }
        case 'hu': {
          const slice = await images.sliceHu(route.itemId, route.frame);
          const body = huBytes(slice.hu) as Uint8Array<ArrayBuffer>; // little-endian on any host
          const headers = new Headers({
            'content-type': 'application/octet-stream',
            'cache-control': 'private, max-age=3600',
            [PIXEL_HEADERS.width]: String(slice.width),
            [PIXEL_HEADERS.height]: String(slice.height),
            [PIXEL_HEADERS.frames]: String(slice.frames),
            'access-control-expose-headers': Object.values(PIXEL_HEADERS).join(', '),
          });
          if (slice.windowCenter !== null) headers.set(PIXEL_HEADERS.windowCenter, String(slice.windowCenter));
          if (slice.windowWidth !== null) headers.set(PIXEL_HEADERS.windowWidth, String(slice.windowWidth));
          const { pixelSpacing, imagePosition, imageOrientation } = slice.geometry;
          if (pixelSpacing) headers.set(PIXEL_HEADERS.pixelSpacing, formatNumbers(pixelSpacing));
          if (imagePosition) headers.set(PIXEL_HEADERS.imagePosition, formatNumbers(imagePosition));
          if (imageOrientation) headers.set(PIXEL_HEADERS.imageOrientation, formatNumbers(imageOrientation));
          return new Response(body, { status: 200, headers });
        }
      }
    } catch (error) {
      const status = error instanceof LoupeError ? (STATUS[error.code] ?? 500) : 500;
      return text(status, errorMessage(error));
    }
  };
}

function imageResponse(image: EncodedImage, cache = 'private, max-age=3600'): Response {
  return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': image.contentType,
      'cache-control': cache,
      [PIXEL_HEADERS.width]: String(image.width),
      [PIXEL_HEADERS.height]: String(image.height),
      'access-control-expose-headers': Object.values(PIXEL_HEADERS).join(', '),
    },
  });
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
