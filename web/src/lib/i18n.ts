import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import zhCN from '../i18n/zh-CN.ts';
import en from '../i18n/en.ts';
import { setLanguageSource } from './api.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Where the language choice is kept between visits. */
export const LANG_STORAGE_KEY = 'cohesion.lang';

export function isLang(v: unknown): v is Lang {
  return v === 'zh-CN' || v === 'en';
}

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_STORAGE_KEY);
    return isLang(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyToPage(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = (lang === 'en' ? en : zhCN).app.name;
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

const initial = storedLang();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});
applyToPage(initial);
setLanguageSource(() => currentLang());

export function currentLang(): Lang {
  return isLang(i18n.language) ? i18n.language : 'zh-CN';
}

export async function changeLanguage(lang: Lang): Promise<void> {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyToPage(lang);
  await i18n.changeLanguage(lang);
}

/** The current UI language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n: inst } = useTranslation();
  return isLang(inst.language) ? inst.language : 'zh-CN';
}

export default i18n;

/** Translation of a key built at run time (e.g. from an audit action), or the fallback. */
export function tKey(key: string, fallback: string): string {
  return (i18n.t as unknown as (k: string, o: { defaultValue: string }) => string)(key, { defaultValue: fallback });
}
