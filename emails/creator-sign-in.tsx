import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface CreatorSignInEmailProps {
  creatorName: string;
  brandName: string;
  signInUrl: string;
  expiresInHours: number;
}

/** The sign-in link to a creator's Affiliate Performance Dashboard. */
export default function CreatorSignInEmail({
  creatorName,
  brandName,
  signInUrl,
  expiresInHours,
}: CreatorSignInEmailProps) {
  return (
    <EmailLayout preview={`Your ${brandName} performance dashboard`}>
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {creatorName},
      </Heading>
      <Text>
        Here is your sign-in link to your {brandName} Affiliate Performance Dashboard, where you can
        see your links, clicks, conversions, earnings and payment history.
      </Text>
      <Button href={signInUrl} style={buttonStyle}>
        Open my dashboard
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The link works once and expires in {expiresInHours} hours. Or paste this address into your
        browser: {signInUrl}
      </Text>
    </EmailLayout>
  );
}

CreatorSignInEmail.PreviewProps = {
  creatorName: 'Maya Lopez',
  brandName: 'Glow Skincare',
  signInUrl: 'http://localhost:3000/creator/sign-in/abc123',
  expiresInHours: 72,
} satisfies CreatorSignInEmailProps;
