// `node --import ./register.mjs out/main/index.js`: runs Electron's main bundle against the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
