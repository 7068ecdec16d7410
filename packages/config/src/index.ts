export * from './env.js';
export * from './fields.js';
export * from './http-access.js';
export * from './config-file.js';
