/**
 * Deep-link destinations Offerlink must refuse for an offer on https://shop.example.com (SPEC §3:
 * never an open redirect). Shared by the rule's unit tests and the tests of every way in.
 */
export const DEEP_LINK_ATTACKS: readonly string[] = [
  'javascript:alert(1)',
  '//evil.com/x',
  'https://shop.example.com@evil.com/',
  'https://user:pass@shop.example.com/',
  'https://evil.com/?u=https://shop.example.com',
  'https://shop.example.com.evil.com/',
  'https://evilshop.example.com.attacker.net/',
  'https://notshop.example.com/',
  'https://shop.exаmple.com/', // Cyrillic "а": an IDN look-alike
  'https://evil.com\\@shop.example.com/',
  'https://shop.example.com\\.evil.com/',
  'ftp://shop.example.com/',
  'data:text/html,hi',
  'shop.example.com/page',
  'https://shop.example.com/ page',
];
