// The package version, shown by `beidou --version` and in output headers.
export const VERSION = "0.1.0";
export const PROGRAM = `beidou ${VERSION}`;
