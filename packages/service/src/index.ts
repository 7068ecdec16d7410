export * from './http.js';
export * from './health.js';
export * from './lifecycle.js';
export * from './request-guard.js';
export * from './diagnostics.js';
