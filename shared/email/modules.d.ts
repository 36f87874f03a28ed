// The package ships no typings: an array of role prefixes (plus category arrays as properties).
declare module 'role-based-email-addresses' {
  const roles: string[] & { MARKETING: string[]; NOTIFICATION: string[]; MEETING: string[]; OTHER: string[] };
  export default roles;
}

// punycode 2 ships no typings; its CommonJS build exports an object (the package's own README API).
declare module 'punycode/punycode.js' {
  const punycode: { decode(input: string): string; encode(input: string): string; toASCII(domain: string): string; toUnicode(domain: string): string };
  export default punycode;
}
