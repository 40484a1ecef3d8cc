import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('should apply the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.mongodbUri).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com');
  });

  it('should name the variable when a value is malformed', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('should refuse dev login and missing secrets in production, listing every problem', () => {
    try {
      loadConfig({ NODE_ENV: 'production', AUTH_DEV_LOGIN: '1' });
      throw new Error('expected ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/AUTH_DEV_LOGIN/);
      expect(problems).toMatch(/WECHAT_SECRET/);
      expect(problems).toMatch(/MONGODB_URI/);
    }
  });

  it('should default dev login off in production and accept a complete production config', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      WECHAT_SECRET: 's',
      WECHAT_APPID: 'wx1234',
      MONGODB_URI: 'mongodb://db.internal:27017/hub',
      SWAP_TOKEN_SECRET: 'x'.repeat(32),
    });
    expect(config.authDevLogin).toBe(false);
  });

  it('should keep dev sign-in off outside production until AUTH_DEV_LOGIN turns it on', () => {
    expect(loadConfig({}).authDevLogin).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).authDevLogin).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).authDevLogin).toBe(false);
    expect(loadConfig({ AUTH_DEV_LOGIN: '1' }).authDevLogin).toBe(true);
    expect(loadConfig({ AUTH_DEV_LOGIN: 'true' }).authDevLogin).toBe(true);
    expect(loadConfig({ AUTH_DEV_LOGIN: '0' }).authDevLogin).toBe(false);
  });

  it('should trust no proxy by default and parse TRUSTED_PROXIES as a proxy-addr list', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: 'loopback, 10.0.0.0/8 ,::1' }).trustedProxies).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
    ]);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'everyone' })).toThrow(/TRUSTED_PROXIES/);
  });

  it('should treat empty variables as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' }).port).toBe(3000);
  });
});
