// The package ships no typings: an array of role prefixes (plus category arrays as properties).
declare module 'role-based-email-addresses' {
  const roles: string[] & { MARKETING: string[]; NOTIFICATION: string[]; MEETING: string[]; OTHER: string[] };
  export default roles;
}
