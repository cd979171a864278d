/** The app's version (package.json), stamped on what it exports. */
export const APP_VERSION: string = __APP_VERSION__;
