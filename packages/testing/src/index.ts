export * from './database.js';
export * from './http-request.js';
export * from './process.js';
export * from './util.js';
export * from './scratch-servers.js';
export * from './fuzz.js';
export * from './db-digest.js';
