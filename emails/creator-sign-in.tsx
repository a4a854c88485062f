import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface CreatorSignInEmailProps {
  creatorName: string;
  /** Every brand that has the creator as a member; the dashboard shows each of them. */
  brandNames: string[];
  signInUrl: string;
  expiresInDays: number;
}

function list(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A fresh sign-in link to a creator's Affiliate Performance Dashboard, asked for on the sign-in page. */
export default function CreatorSignInEmail({
  creatorName,
  brandNames,
  signInUrl,
  expiresInDays,
}: CreatorSignInEmailProps) {
  return (
    <EmailLayout preview="Your sign-in link to your creator dashboard">
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {creatorName},
      </Heading>
      <Text>
        Here is the sign-in link you asked for. It opens your Affiliate Performance Dashboard for{' '}
        {list(brandNames)}: your links, clicks, conversions, earnings and payment history.
      </Text>
      <Button href={signInUrl} style={buttonStyle}>
        Open my dashboard
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The link works once and expires in {expiresInDays} days. Or paste this address into your
        browser: {signInUrl}
      </Text>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        Did not ask for it? You can ignore this email: nobody can sign in without the link.
      </Text>
    </EmailLayout>
  );
}

CreatorSignInEmail.PreviewProps = {
  creatorName: 'Maya Lopez',
  brandNames: ['Glow Skincare', 'Northwind Outdoor'],
  signInUrl: 'http://localhost:3000/creator/sign-in/abc123',
  expiresInDays: 7,
} satisfies CreatorSignInEmailProps;
