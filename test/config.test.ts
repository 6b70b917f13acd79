import { ConfigError, loadConfig } from '../services/config.js';

describe('configuration', () => {
  test('when nothing is set, then development defaults apply', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DATA_DIR: '/srv/app/.data',
      DEMO_DATA: 'on',
      PUBLIC_URL: 'http://localhost:3000',
      TIME_ZONE: 'Asia/Ho_Chi_Minh',
    });
    expect(c.FERRETDB_BIN).toBe('/srv/app/tools/bin/ferretdb');
  });

  test('when a variable is invalid, then the error names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI: must start with mongodb/);
    expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'short' })).toThrow(/DATA_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  });

  test('when running in production without a key or a database, then both are reported', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toEqual([
        'DATA_ENCRYPTION_KEY: required in production (32 bytes, hex or base64)',
        'MONGODB_URI: required in production (a MongoDB replica set)',
      ]);
    }
  });

  test('when a key is given as hex or base64, then it is accepted', () => {
    expect(loadConfig({ DATA_ENCRYPTION_KEY: 'ab'.repeat(32) }).DATA_ENCRYPTION_KEY).toBe('ab'.repeat(32));
    expect(
      loadConfig({ DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).DATA_ENCRYPTION_KEY,
    ).toHaveLength(44);
  });

  test('when only part of the Zalo OA is configured, then it is refused; all of it or none is accepted', () => {
    const oa = {
      ZALO_APP_ID: '4200000000000000042',
      ZALO_APP_SECRET: 'app-secret-123',
      ZALO_OA_ID: '1234567890123456789',
    };
    expect(() => loadConfig({ ZALO_APP_ID: oa.ZALO_APP_ID })).toThrow(/ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_ID/);
    expect(() => loadConfig({ ZALO_APP_ID: oa.ZALO_APP_ID, ZALO_OA_ID: oa.ZALO_OA_ID })).toThrow(ConfigError);
    expect(loadConfig(oa)).toMatchObject({
      ...oa,
      ZALO_OA_API_ROOT: 'https://openapi.zalo.me',
      ZALO_OAUTH_ROOT: 'https://oauth.zaloapp.com',
      ZALO_ZNS_API_ROOT: 'https://business.openapi.zalo.me',
    });
    // The app secret alone is the mini-app's sign-in setting and does not turn the OA on.
    expect(loadConfig({ ZALO_APP_SECRET: oa.ZALO_APP_SECRET }).ZALO_OA_ID).toBeUndefined();
  });
});
