import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface PasswordResetEmailProps {
  name: string;
  resetUrl: string;
  expiresInMinutes: number;
  /** When and from where the reset was asked for, so a person who did not ask can report it. */
  requestedAt: string;
  requestedFrom: string | null;
}

/** A link to choose a new password, asked for on the sign-in page ("Forgot your password?"). */
export default function PasswordResetEmail({
  name,
  resetUrl,
  expiresInMinutes,
  requestedAt,
  requestedFrom,
}: PasswordResetEmailProps) {
  return (
    <EmailLayout preview="Choose a new Offerlink password">
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {name},
      </Heading>
      <Text>
        Someone asked to reset the password of your Offerlink account on {requestedAt}
        {requestedFrom ? ` from the address ${requestedFrom}` : ''}. To choose a new password, use
        this link:
      </Text>
      <Button href={resetUrl} style={buttonStyle}>
        Choose a new password
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The link works once and expires in {expiresInMinutes} minutes. Choosing a new password signs
        you out everywhere else. Or paste this address into your browser: {resetUrl}
      </Text>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        Did not ask for this? Your password has not changed, and nobody can change it without this
        link. Do not forward it. Report it to the owner of your brand on Offerlink, or to whoever
        runs Offerlink for your company, with the time and address above; if you think someone knows
        your password, sign in and change it on your Account page.
      </Text>
    </EmailLayout>
  );
}

PasswordResetEmail.PreviewProps = {
  name: 'Dana Demo',
  resetUrl: 'http://localhost:3000/reset-password/abc123',
  expiresInMinutes: 60,
  requestedAt: 'Dec 5, 2026, 05:30 UTC',
  requestedFrom: '203.0.113.10',
} satisfies PasswordResetEmailProps;
