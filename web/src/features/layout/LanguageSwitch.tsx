import { Segmented } from 'antd';
import { changeLanguage, useLang, type Lang } from '../../lib/i18n.ts';

/** 中文 / English; the choice is kept in localStorage. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const lang = useLang();
  return (
    <Segmented<Lang>
      size={size}
      value={lang}
      onChange={(v) => void changeLanguage(v)}
      data-testid="lang-switch"
      options={[
        { value: 'zh-CN', label: <span data-testid="lang-zh">中文</span> },
        { value: 'en', label: <span data-testid="lang-en">English</span> },
      ]}
    />
  );
}
