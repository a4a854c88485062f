import { Heading, Text } from '@react-email/components';
import { EmailLayout } from './components';

export interface EmailChangeNoticeProps {
  name: string;
  newEmail: string;
}

/** Sent to the old address when a change of sign-in email is asked for. */
export default function EmailChangeNoticeEmail({ name, newEmail }: EmailChangeNoticeProps) {
  return (
    <EmailLayout preview="Your Offerlink email address is being changed">
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {name},
      </Heading>
      <Text>
        Someone signed in to your Offerlink account asked to change its email address to {newEmail}.
        Once that address confirms it, you sign in with it, and no longer with this one.
      </Text>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        Not you? Sign in, change your password on your Account page (it signs out every other
        session), and tell the owner of your brand on Offerlink.
      </Text>
    </EmailLayout>
  );
}

EmailChangeNoticeEmail.PreviewProps = {
  name: 'Dana Demo',
  newEmail: 'dana@new.example.com',
} satisfies EmailChangeNoticeProps;
