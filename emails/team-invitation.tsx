import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface TeamInvitationEmailProps {
  brandName: string;
  inviterName: string;
  /** The role's name as the Team page shows it: Admin, Manager, Viewer. */
  roleLabel: string;
  /** What the role can do, one sentence. */
  roleSummary: string;
  acceptUrl: string;
  expiresInDays: number;
}

/** An invitation to join a brand's team on Offerlink, with a role. */
export default function TeamInvitationEmail({
  brandName,
  inviterName,
  roleLabel,
  roleSummary,
  acceptUrl,
  expiresInDays,
}: TeamInvitationEmailProps) {
  return (
    <EmailLayout preview={`${inviterName} invited you to ${brandName} on Offerlink`}>
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Join {brandName} on Offerlink
      </Heading>
      <Text>
        {inviterName} invited you to the {brandName} team as {roleLabel.toLowerCase()}.{' '}
        {roleSummary}
      </Text>
      <Button href={acceptUrl} style={buttonStyle}>
        Accept the invitation
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The link works once and expires in {expiresInDays} days. Or paste this address into your
        browser: {acceptUrl}
      </Text>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        Not expecting it? You can ignore this email: nobody joins without the link.
      </Text>
    </EmailLayout>
  );
}

TeamInvitationEmail.PreviewProps = {
  brandName: 'Glow Skincare',
  inviterName: 'Dana Demo',
  roleLabel: 'Viewer',
  roleSummary:
    'You can see the offers, members, conversions, reports and payouts, and download reports.',
  acceptUrl: 'http://localhost:3000/invitations/abc123',
  expiresInDays: 7,
} satisfies TeamInvitationEmailProps;
