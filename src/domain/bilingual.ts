/** Text in both languages the product speaks. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}
