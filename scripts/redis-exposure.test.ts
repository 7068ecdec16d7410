import { describe, expect, it } from '@jest/globals';
import { redisExposureWarning } from './redis-exposure.js';

describe('redisExposureWarning', () => {
  it.each([
    'redis://127.0.0.1:6379',
    'redis://localhost',
    'redis://127.0.0.2:6380',
    'redis://[::1]:6379',
    'redis://:s3cret@10.0.0.5:6379',
    'rediss://default:s3cret@redis.example.com:6380',
    'not a url',
    undefined,
  ])('says nothing for %s', (url) => {
    expect(redisExposureWarning(url)).toBeUndefined();
  });

  it.each([
    'redis://10.0.0.5:6379',
    'redis://default@redis.example.com:6379',
    'rediss://[fd00::5]:6380',
    'redis://redis',
  ])('warns for %s, in one line saying how to fix it', (url) => {
    const warning = redisExposureWarning(url)!;
    expect(warning).toMatch(/^warning: REDIS_URL reaches Redis at \S+ without a password/);
    expect(warning).toContain('requirepass');
    expect(warning).toContain('REDIS_PASSWORD');
    expect(warning).toContain('bind Redis to 127.0.0.1');
    expect(warning).not.toContain('\n');
  });

  it('names the address it found', () => {
    expect(redisExposureWarning('redis://10.0.0.5:6380')).toContain('Redis at 10.0.0.5:6380 without a password');
    expect(redisExposureWarning('redis://10.0.0.5:6380')).toContain('use redis://127.0.0.1:6380');
  });
});
