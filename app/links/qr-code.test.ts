import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { publicUrl } from '../config.server';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { loader as qrLoader } from '../routes/brand+/offers.$offerId.links.$linkId.qr.$format';
import { makeRequest, sessionCookieFor } from '../../test/routes';

async function setup() {
  const { brand, user } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id);
  const member = await createMember(brand.id, { name: 'Zoë Smith/"x"' });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  return { brand, offer, link, cookie: await sessionCookieFor({ userId: user.id }) };
}

async function getQr(cookie: string, offerId: string, linkId: string, format: string) {
  try {
    return (await qrLoader({
      request: makeRequest(`/brand/offers/${offerId}/links/${linkId}/qr/${format}`, { cookie }),
      params: { offerId, linkId, format },
      context: {},
    })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe('QR code downloads', () => {
  test('PNG and SVG are attachments that encode the tracking link', async () => {
    const { offer, link, cookie } = await setup();
    const png = await getQr(cookie, offer.id, link.id, 'png');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBe(
      `attachment; filename="qr-zoe-smith-x-${link.code}.png"`,
    );
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const svg = await getQr(cookie, offer.id, link.id, 'svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-disposition')).toMatch(/^attachment; filename="qr-.+\.svg"$/);
    const text = await svg.text();
    expect(text).toMatch(/^<svg /);
    expect(text).toContain('<path');
    // The same matrix as the QR code of the link's public URL, and of no other text.
    const options = { errorCorrectionLevel: 'M' as const, margin: 2, type: 'svg' as const };
    expect(text).toBe(await QRCode.toString(`${publicUrl()}/l/${link.code}`, options));
    expect(text).not.toBe(await QRCode.toString(`${publicUrl()}/l/other`, options));
  });

  test('another brand’s link, a link of another offer, or an unknown format is a 404', async () => {
    const mine = await setup();
    const theirs = await setup();
    expect((await getQr(mine.cookie, theirs.offer.id, theirs.link.id, 'png')).status).toBe(404);
    expect((await getQr(mine.cookie, mine.offer.id, theirs.link.id, 'png')).status).toBe(404);
    expect((await getQr(mine.cookie, theirs.offer.id, mine.link.id, 'svg')).status).toBe(404);
    expect((await getQr(mine.cookie, mine.offer.id, mine.link.id, 'gif')).status).toBe(404);
    expect((await getQr(mine.cookie, mine.offer.id, 'x', 'png')).status).toBe(404);
    // Not signed in: sent to sign in.
    const anonymous = await getQr('', mine.offer.id, mine.link.id, 'png');
    expect(anonymous.status).toBe(302);
  });
});
