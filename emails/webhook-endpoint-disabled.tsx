import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface WebhookEndpointDisabledEmailProps {
  brandName: string;
  endpointUrl: string;
  failingSince: string;
  lastError: string;
  endpointPageUrl: string;
}

/** To a brand's admins: a webhook endpoint failed for 5 days and was disabled. */
export default function WebhookEndpointDisabledEmail({
  brandName,
  endpointUrl,
  failingSince,
  lastError,
  endpointPageUrl,
}: WebhookEndpointDisabledEmailProps) {
  return (
    <EmailLayout preview={`A webhook endpoint of ${brandName} was disabled`}>
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Webhook endpoint disabled
      </Heading>
      <Text>
        Every delivery to {endpointUrl} has failed since {failingSince}, so Offerlink disabled the
        endpoint: no more events are sent to it.
      </Text>
      <Text>Last error: {lastError}</Text>
      <Text>
        Fix the receiver, then enable the endpoint again on its page (and resend what it missed from
        the delivery log).
      </Text>
      <Button href={endpointPageUrl} style={buttonStyle}>
        Open the endpoint
      </Button>
    </EmailLayout>
  );
}

WebhookEndpointDisabledEmail.PreviewProps = {
  brandName: 'Glow Skincare',
  endpointUrl: 'https://shop.example.com/webhooks/offerlink',
  failingSince: '2026-12-01 08:00 UTC',
  lastError: 'HTTP 502',
  endpointPageUrl: 'http://localhost:3000/brand/developers/webhooks/0193a3c4',
} satisfies WebhookEndpointDisabledEmailProps;
