import { describe, expect, test } from 'vitest';
import { parseWithSchema } from '../forms/parse-form';
import { parseEndDate } from './end-date';
import { HOLDING_PERIOD_PRESETS } from '../payouts/schemas';
import { offerFormSchema, offerFormValues } from './schemas';

const NOW = new Date('2026-06-01T12:00:00Z');

function form(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Summer Sale',
    offerUrl: 'https://shop.example.com/summer',
    currency: 'USD',
    'payouts.0.title': 'Standard',
    'payouts.0.type': 'cps_percent',
    'payouts.0.value': '10',
    defaultPayout: '0',
    ...overrides,
  };
}

function parse(overrides: Record<string, unknown> = {}, context = {}) {
  return parseWithSchema(
    offerFormSchema({ now: NOW, ...context }),
    offerFormValues(form(overrides)),
  );
}

function errorsOf(overrides: Record<string, unknown> = {}, context = {}) {
  const result = parse(overrides, context);
  if (result.ok) throw new Error('expected field errors');
  return result.fieldErrors;
}

describe('offer form schema', () => {
  test('a minimal offer gets the spec defaults', () => {
    const result = parse();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({
      name: 'Summer Sale',
      description: null,
      picture: 'none',
      status: 'active',
      conversionType: 'sale',
      trackingMethod: 'js_postback',
      currency: 'USD',
      endsAt: null,
      attributionWindowDays: 30,
      holdingPeriodDays: 0,
      utmSource: null,
      allowCreatorDeepLinks: false,
      additionalDomains: [],
      clickIdParam: 'transaction_id',
      payouts: [
        {
          id: null,
          title: 'Standard',
          type: 'cps_percent',
          percent: '10',
          amountMinor: null,
          isDefault: true,
        },
      ],
    });
  });

  test('names: required, trimmed, at most 120 characters', () => {
    expect(errorsOf({ name: '   ' }).name).toEqual(['Enter a name for the offer.']);
    expect(errorsOf({ name: 'x'.repeat(121) }).name?.[0]).toContain('at most 120');
    const ok = parse({ name: `  ${'x'.repeat(120)}  ` });
    expect(ok.ok && ok.data.name.length).toBe(120);
  });

  test('offer URL: absolute http(s) with a domain', () => {
    for (const bad of [
      'shop.example.com',
      'ftp://shop.example.com',
      'javascript:alert(1)',
      'https://',
      'https://exa mple.com',
      'https://intranet',
      '',
    ]) {
      expect(errorsOf({ offerUrl: bad }).offerUrl, bad).toBeDefined();
    }
    for (const good of [
      'http://shop.example.com',
      'https://shop.example.com/p?x=1#top',
      'HTTPS://Shop.Example.com',
    ]) {
      expect(parse({ offerUrl: good }).ok, good).toBe(true);
    }
  });

  test('enumerations refuse unknown values', () => {
    expect(errorsOf({ status: 'deleted' }).status).toBeDefined();
    expect(errorsOf({ conversionType: 'purchase' }).conversionType).toBeDefined();
    expect(errorsOf({ trackingMethod: 'carrier-pigeon' }).trackingMethod).toBeDefined();
    expect(errorsOf({ currency: 'XYZ' }).currency).toBeDefined();
    expect(errorsOf({ picture: 'skull' }).picture).toBeDefined();
    const ok = parse({
      status: 'paused',
      conversionType: 'lead',
      trackingMethod: 'pixel',
      currency: 'EUR',
      picture: 'gift',
    });
    expect(
      ok.ok && [
        ok.data.status,
        ok.data.conversionType,
        ok.data.trackingMethod,
        ok.data.currency,
        ok.data.picture,
      ],
    ).toEqual(['paused', 'lead', 'pixel', 'EUR', 'gift']);
  });

  test('attribution window 1–365 days, holding period 0–365', () => {
    expect(errorsOf({ attributionWindowDays: '0' }).attributionWindowDays).toBeDefined();
    expect(errorsOf({ attributionWindowDays: '366' }).attributionWindowDays).toBeDefined();
    expect(errorsOf({ attributionWindowDays: '7.5' }).attributionWindowDays).toBeDefined();
    expect(errorsOf({ holdingPeriodDays: '-1' }).holdingPeriodDays).toBeDefined();
    expect(errorsOf({ holdingPeriodDays: '400' }).holdingPeriodDays).toBeDefined();
    const ok = parse({ attributionWindowDays: '365', holdingPeriodDays: '0' });
    expect(ok.ok && [ok.data.attributionWindowDays, ok.data.holdingPeriodDays]).toEqual([365, 0]);
    const one = parse({ attributionWindowDays: '1', holdingPeriodDays: '365' });
    expect(one.ok && [one.data.attributionWindowDays, one.data.holdingPeriodDays]).toEqual([
      1, 365,
    ]);
  });

  test('holding period: a preset from the select, or "custom" with the number of days', () => {
    const days = (overrides: Record<string, unknown>) => {
      const result = parse(overrides);
      return result.ok ? result.data.holdingPeriodDays : result.fieldErrors.holdingPeriodDays;
    };
    // Each preset wins over the number input (which the browser sends too, maybe stale).
    for (const preset of HOLDING_PERIOD_PRESETS) {
      expect(days({ holdingPeriodPreset: String(preset), holdingPeriodDays: '45' })).toBe(preset);
    }
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: '45' })).toBe(45);
    expect(days({ holdingPeriodDays: '21' })).toBe(21); // no select (a form from before)
    const message = ['Enter the holding period as a whole number from 0 to 365 days.'];
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: '366' })).toEqual([
      'The holding period must be from 0 to 365 days; 366 is too high.',
    ]);
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: '-1' })).toEqual([
      'The holding period must be from 0 to 365 days; -1 is too low.',
    ]);
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: '2.5' })).toEqual(message);
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: 'ten' })).toEqual(message);
    expect(days({ holdingPeriodPreset: '45', holdingPeriodDays: '45' })).toEqual(message);
    expect(days({ holdingPeriodPreset: 'custom', holdingPeriodDays: ' ' })).toEqual(message);
  });

  test('payouts: at least one, exactly one default, values parsed exactly per type', () => {
    const none = parseWithSchema(
      offerFormSchema({ now: NOW }),
      offerFormValues({ name: 'A', offerUrl: 'https://a.example.com', defaultPayout: '0' }),
    );
    expect(!none.ok && none.fieldErrors.payouts).toEqual(['Add at least one payout option.']);

    expect(errorsOf({ defaultPayout: '' }).payouts).toEqual([
      'Choose exactly one payout option as the default.',
    ]);
    expect(errorsOf({ defaultPayout: '3' }).payouts).toBeDefined();

    const two = parse({
      'payouts.1.title': 'VIP',
      'payouts.1.type': 'cpa_flat',
      'payouts.1.value': '15.00',
      defaultPayout: '1',
    });
    expect(two.ok && two.data.payouts).toEqual([
      {
        id: null,
        title: 'Standard',
        type: 'cps_percent',
        percent: '10',
        amountMinor: null,
        isDefault: false,
      },
      {
        id: null,
        title: 'VIP',
        type: 'cpa_flat',
        percent: null,
        amountMinor: 1500,
        isDefault: true,
      },
    ]);

    const errors = errorsOf({
      'payouts.0.value': '0',
      'payouts.1.title': '',
      'payouts.1.type': 'cpa_flat',
      'payouts.1.value': '12.345',
      'payouts.2.title': 'Weird',
      'payouts.2.type': 'bitcoin',
      'payouts.2.value': '1',
    });
    expect(errors['payouts.0.value']).toEqual([
      'A percentage must be between 0.01 and 100 %; 0 is too low.',
    ]);
    expect(errors['payouts.1.title']).toBeDefined();
    expect(errors['payouts.1.value']?.[0]).toContain('at most 2 decimals');
    expect(errors['payouts.2.type']).toBeDefined();
    expect(errorsOf({ 'payouts.0.value': '100.5' })['payouts.0.value']?.[0]).toContain(
      'between 0.01 and 100 %; 100.5 is too high',
    );
    expect(errorsOf({ 'payouts.0.value': '12.34567' })['payouts.0.value']?.[0]).toContain(
      '4 decimals',
    );
  });

  test('CPA amounts follow the currency minor units', () => {
    const yen = parse({ currency: 'JPY', 'payouts.0.type': 'cpa_flat', 'payouts.0.value': '1500' });
    expect(yen.ok && yen.data.payouts[0].amountMinor).toBe(1500);
    expect(
      errorsOf({ currency: 'JPY', 'payouts.0.type': 'cpa_flat', 'payouts.0.value': '15.50' })[
        'payouts.0.value'
      ],
    ).toEqual(['JPY amounts have no decimals.']);
  });

  test('payout ids must be ids and appear once', () => {
    expect(errorsOf({ 'payouts.0.id': 'not-an-id' })['payouts.0.id']).toBeDefined();
    const id = '7d3f0c2e-5b1a-4c8e-9f61-2a4b8c9d0e11';
    const dup = errorsOf({
      'payouts.0.id': id,
      'payouts.1.id': id,
      'payouts.1.title': 'Copy',
      'payouts.1.type': 'cps_percent',
      'payouts.1.value': '5',
    });
    expect(dup['payouts.1.id']).toEqual(['This payout option appears twice.']);
  });

  test('UTM settings: empty, static or templates with known variables', () => {
    const ok = parse({
      utmSource: 'influencer',
      utmMedium: '',
      utmCampaign: '{project_name}-{link_offer_name}',
      utmContent: '{creator_ig_username}',
      utmTerm: '   ',
    });
    expect(
      ok.ok && [
        ok.data.utmSource,
        ok.data.utmMedium,
        ok.data.utmCampaign,
        ok.data.utmContent,
        ok.data.utmTerm,
      ],
    ).toEqual([
      'influencer',
      null,
      '{project_name}-{link_offer_name}',
      '{creator_ig_username}',
      null,
    ]);
    expect(errorsOf({ utmSource: '{creator_email}' }).utmSource?.[0]).toContain(
      'Unknown variable {creator_email}',
    );
    expect(errorsOf({ utmMedium: '{creator_name' }).utmMedium?.[0]).toContain('both braces');
    expect(errorsOf({ utmTerm: 'x'.repeat(201) }).utmTerm?.[0]).toContain('200');
  });

  test('additional domains are normalised, de-duplicated, and bad ones flagged by row', () => {
    const ok = parse({
      additionalDomains: [
        'Shop.Example.com',
        'https://blog.example.com/path',
        'shop.example.com',
        '',
      ],
      allowCreatorDeepLinks: 'on',
    });
    expect(ok.ok && ok.data.additionalDomains).toEqual(['shop.example.com', 'blog.example.com']);
    expect(ok.ok && ok.data.allowCreatorDeepLinks).toBe(true);
    const errors = errorsOf({
      additionalDomains: ['good.example.com', 'not a domain', 'evil.com@x', 'localhost'],
    });
    expect(errors['additionalDomains.0']).toBeUndefined();
    expect(errors['additionalDomains.1']?.[0]).toContain('is not a domain name');
    expect(errors['additionalDomains.2']).toBeDefined();
    expect(errors['additionalDomains.3']).toBeDefined();
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.example.com`);
    expect(errorsOf({ additionalDomains: many }).additionalDomains).toBeDefined();
  });

  test('click id parameter: default, and letters, digits, _ . - only', () => {
    const empty = parse({ clickIdParam: '' });
    expect(empty.ok && empty.data.clickIdParam).toBe('transaction_id');
    const custom = parse({ clickIdParam: 'aff_sub.click-id2' });
    expect(custom.ok && custom.data.clickIdParam).toBe('aff_sub.click-id2');
    for (const bad of ['click id', 'a&b=c', 'x'.repeat(65), 'émoji']) {
      expect(errorsOf({ clickIdParam: bad }).clickIdParam, bad).toBeDefined();
    }
  });

  test('end date: browser-local time plus offset, in the future, within 10 years', () => {
    // 14:30 in UTC−4 (getTimezoneOffset 240) is 18:30 UTC.
    const ok = parse({ endsAt: '2026-07-01T14:30', tzOffset: '240' });
    expect(ok.ok && ok.data.endsAt?.toISOString()).toBe('2026-07-01T18:30:00.000Z');
    const utc = parse({ endsAt: '2026-07-01T14:30' });
    expect(utc.ok && utc.data.endsAt?.toISOString()).toBe('2026-07-01T14:30:00.000Z');
    expect(errorsOf({ endsAt: '2026-05-01T00:00' }).endsAt?.[0]).toContain('in the future');
    expect(errorsOf({ endsAt: '2026-02-30T10:00' }).endsAt).toEqual([
      'Enter a valid date and time.',
    ]);
    expect(errorsOf({ endsAt: 'tomorrow' }).endsAt).toEqual(['Enter a valid date and time.']);
    expect(errorsOf({ endsAt: '2026-07-01T10:00', tzOffset: '9999' }).endsAt).toBeDefined();
    expect(errorsOf({ endsAt: '2040-01-01T00:00' }).endsAt?.[0]).toContain('10 years');
    // Editing an offer whose end date has passed: keeping that date is allowed.
    const past = new Date('2026-05-01T00:00:30Z');
    const kept = parse({ endsAt: '2026-05-01T00:00' }, { currentEndsAt: past });
    expect(kept.ok && kept.data.endsAt).toEqual(past);
    expect(errorsOf({ endsAt: '2026-04-01T00:00' }, { currentEndsAt: past }).endsAt).toBeDefined();
  });

  test('parseEndDate reads an empty value as no end date', () => {
    expect(parseEndDate('', '0')).toBeNull();
    expect(parseEndDate('2026-01-01T00:00', '-60')?.toString()).toBe(
      new Date('2025-12-31T23:00:00Z').toString(),
    );
  });
});
