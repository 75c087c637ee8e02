/** The Electron executable's path, or the reason it is not there (no download is attempted). */
export function electronBinary(): { path: string; reason?: undefined } | { path?: undefined; reason: string };
