import { describe, expect, test } from 'vitest';
import { DEEP_LINK_ATTACKS } from '../../test/deep-link-attacks';
import {
  appendClickId,
  normalizeDomain,
  renderLinkDestination,
  renderUtmValue,
  utmTemplateError,
  validateDeepLink,
} from './destination';

const offerUrl = 'https://shop.example.com/sale';
const domains = ['blog.example.org', 'Exämple.de'];

describe('validateDeepLink', () => {
  test.each([
    'https://shop.example.com/products/1?x=1',
    'http://shop.example.com/',
    'https://eu.shop.example.com/p',
    'https://blog.example.org/post',
    'https://www.blog.example.org/post',
    'https://xn--exmple-cua.de/',
  ])('accepts %s', (input) => {
    expect(validateDeepLink(input, offerUrl, domains).ok).toBe(true);
  });

  test.each([...DEEP_LINK_ATTACKS, '', 'https://example.com/'])(
    'refuses %s with a message',
    (input) => {
      const result = validateDeepLink(input, offerUrl, domains);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    },
  );
});

describe('UTM rendering', () => {
  const vars = {
    creator_name: 'Maya López',
    creator_ig_username: 'maya.glows',
    project_name: 'Spring & Summer',
    link_offer_name: 'BFCM Sale',
    creator_tiktok_username: '',
    member_id: 'm-1',
  };
  test('static values, templates and encoding', () => {
    const url = renderLinkDestination(
      'https://shop.example.com/p?utm_source=old&color=red',
      {
        utmSource: 'offerlink',
        utmMedium: 'ig-{creator_ig_username}',
        utmCampaign: '{project_name}',
        utmContent: '{creator_tiktok_username}',
        utmTerm: null,
      },
      vars,
    );
    const parsed = new URL(url);
    expect(parsed.searchParams.get('utm_source')).toBe('offerlink');
    expect(parsed.searchParams.get('utm_medium')).toBe('ig-maya.glows');
    expect(parsed.searchParams.get('utm_campaign')).toBe('Spring & Summer');
    expect(url).toContain('utm_campaign=Spring+%26+Summer');
    expect(parsed.searchParams.has('utm_content')).toBe(false);
    expect(parsed.searchParams.get('color')).toBe('red');
  });
  test('a template whose variables are all empty leaves its parameter out', () => {
    expect(renderUtmValue('{creator_tiktok_username}', vars)).toBeNull();
    expect(renderUtmValue('tt-{creator_tiktok_username}', vars)).toBeNull();
    expect(renderUtmValue('{creator_tiktok_username}-{member_id}', vars)).toBe('-m-1');
    expect(renderUtmValue('', vars)).toBeNull();
  });
  test('template validation', () => {
    expect(utmTemplateError('{creator_name}')).toBeNull();
    expect(utmTemplateError('{nope}')).toContain('Unknown variable {nope}');
    expect(utmTemplateError('{creator_name')).toContain('both braces');
  });
  test('click id is added last and replaces an existing one', () => {
    expect(appendClickId('https://s.com/?transaction_id=x&a=1', 'transaction_id', 'abc')).toBe(
      'https://s.com/?transaction_id=abc&a=1',
    );
  });
});

describe('normalizeDomain', () => {
  test.each([
    ['Blog.Example.org', 'blog.example.org'],
    ['https://shop.example.com/path', 'shop.example.com'],
    ['exämple.de', 'xn--exmple-cua.de'],
    ['localhost', null],
    ['evil.com@x.com', null],
    ['-bad-.com', null],
  ])('%s -> %s', (input, expected) => expect(normalizeDomain(input)).toBe(expected));
});
