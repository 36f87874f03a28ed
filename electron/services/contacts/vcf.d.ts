// Minimal typings for the `vcf` package (it ships none): only what vcard.ts uses.
declare module 'vcf' {
  interface VCardInstance {
    version: string;
    get(name: string): unknown;
  }
  const vCard: { parse(text: string): VCardInstance[] };
  export default vCard;
}
