// Loupe's version, from package.json: the bundler inlines the one field into the bundles, and tsx reads the
// file when the CLI and the host run from source, so the version is written in one place only.
import { version } from '../../package.json';

export const LOUPE_VERSION: string = version;
