/** The app's version as shown in library.info; a test keeps it equal to package.json's. */
export const APP_VERSION = '0.1.0';
