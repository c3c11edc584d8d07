// The contract between renderer and main: requests, events, reply shape, binary routes.
export * from './names';
export * from './types';
export * from './contract';
export * from './binary';
export type { LoupeBridge } from './bridge';
export type { RequestSpec } from './request-spec';
