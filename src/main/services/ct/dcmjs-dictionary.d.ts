// Types of dcmjs's DICOM data dictionary module (the package ships none).
declare module 'dcmjs/dictionary' {
  export interface DictionaryEntry {
    tag: string;
    vr: string;
    name: string;
    vm: string;
    version: string;
  }
  /** Keyed by `(GGGG,EEEE)` in upper-case hexadecimal. */
  export const dictionary: Record<string, DictionaryEntry>;
  export default dictionary;
}
