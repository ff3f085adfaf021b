import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { addressKey } from '../../src/identity/sign-in-throttle.service.js';

describe('the client address sign-in failures count by', () => {
  it('is an IPv4 address as it is, also when IPv6-mapped', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the /64 of an IPv6 address: one subscriber cannot dodge the limit by walking its prefix', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('2001:db8:1:3::9')).not.toBe(addressKey('2001:db8:1:2::9'));
  });

  it('is "unknown" when express knows no address', () => {
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe('TRUST_PROXY: which proxies are believed about the client address', () => {
  it('trusts none by default, a number of hops, or the listed proxies; refuses anything else at start', () => {
    expect(loadConfig({}).signIn.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).signIn.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).signIn.trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    // "true" would believe any X-Forwarded-For a client cares to send: every address limit would be void.
    for (const bad of ['true', 'everyone', '10.0.0.0/8;rm']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
  });
});
