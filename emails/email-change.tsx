import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface EmailChangeConfirmProps {
  name: string;
  newEmail: string;
  confirmUrl: string;
  expiresInHours: number;
}

/** Sent to the new address: confirms that it is theirs before sign-in moves to it. */
export default function EmailChangeConfirmEmail({
  name,
  newEmail,
  confirmUrl,
  expiresInHours,
}: EmailChangeConfirmProps) {
  return (
    <EmailLayout preview="Confirm your new Offerlink email address">
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {name},
      </Heading>
      <Text>
        To sign in to Offerlink with {newEmail} from now on, confirm that this address is yours:
      </Text>
      <Button href={confirmUrl} style={buttonStyle}>
        Confirm my new email address
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The link works once and expires in {expiresInHours} hours. Or paste this address into your
        browser: {confirmUrl}
      </Text>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        Did not ask for this? Ignore this email: nothing changes without the link.
      </Text>
    </EmailLayout>
  );
}

EmailChangeConfirmEmail.PreviewProps = {
  name: 'Dana Demo',
  newEmail: 'dana@new.example.com',
  confirmUrl: 'http://localhost:3000/confirm-email/abc123',
  expiresInHours: 24,
} satisfies EmailChangeConfirmProps;
