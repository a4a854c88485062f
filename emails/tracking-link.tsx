import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface TrackingLinkEmailProps {
  creatorName: string;
  brandName: string;
  /** The offer's public name; never its internal description. */
  offerName: string;
  trackingUrl: string;
  signInUrl: string;
  expiresInDays: number;
  /** The member's promo code on the offer, when they have one, and the discount it gives. */
  promoCode?: string | null;
  promoDiscount?: string | null;
}

/** A member's tracking link for an offer, with the sign-in link to their dashboard. */
export default function TrackingLinkEmail({
  creatorName,
  brandName,
  offerName,
  trackingUrl,
  signInUrl,
  expiresInDays,
  promoCode,
  promoDiscount,
}: TrackingLinkEmailProps) {
  return (
    <EmailLayout preview={`Your ${brandName} link for ${offerName}`}>
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {creatorName},
      </Heading>
      <Text>
        {brandName} created your personal tracking link for <strong>{offerName}</strong>. Share it
        with your audience: every visit and purchase through it is credited to you.
      </Text>
      <Section
        style={{
          backgroundColor: '#f1f5f9',
          borderRadius: '6px',
          padding: '12px 16px',
          margin: '16px 0',
        }}
      >
        <Text style={{ margin: 0, fontSize: '13px', color: '#475569' }}>Your tracking link</Text>
        <Link href={trackingUrl} style={{ fontSize: '16px', fontWeight: 600, color: '#1d4ed8' }}>
          {trackingUrl}
        </Link>
      </Section>
      {promoCode ? (
        <Section
          style={{
            backgroundColor: '#f1f5f9',
            borderRadius: '6px',
            padding: '12px 16px',
            margin: '16px 0',
          }}
        >
          <Text style={{ margin: 0, fontSize: '13px', color: '#475569' }}>Your promo code</Text>
          <Text
            style={{
              margin: '4px 0',
              fontSize: '20px',
              fontWeight: 700,
              fontFamily: 'monospace',
              letterSpacing: '1px',
            }}
          >
            {promoCode}
          </Text>
          <Text style={{ margin: 0, fontSize: '13px', color: '#475569' }}>
            {promoDiscount ? `It gives your audience ${promoDiscount}. ` : ''}Purchases made with it
            are credited to you, even without a click on your link.
          </Text>
        </Section>
      ) : null}
      <Text>
        See your clicks, conversions, earnings and payment history in your Affiliate Performance
        Dashboard:
      </Text>
      <Button href={signInUrl} style={buttonStyle}>
        Open my dashboard
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The dashboard link works once and expires in {expiresInDays} days; ask {brandName} for a new
        email when it has. Or paste this address into your browser: {signInUrl}
      </Text>
    </EmailLayout>
  );
}

TrackingLinkEmail.PreviewProps = {
  creatorName: 'Maya Lopez',
  brandName: 'Glow Skincare',
  offerName: 'Black Friday Cyber Monday Sale',
  trackingUrl: 'http://localhost:3000/l/Ab3dE5gH7jK9',
  signInUrl: 'http://localhost:3000/creator/sign-in/abc123',
  expiresInDays: 7,
  promoCode: 'MAYA15',
  promoDiscount: '15 % off',
} satisfies TrackingLinkEmailProps;
