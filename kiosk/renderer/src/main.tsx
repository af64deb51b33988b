import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import './screens.css';
import './waste.css';
import './hall.css';
import './technician.css';
import { App } from './app.tsx';
import { createI18n } from './i18n/i18n.ts';
import { installKeyboardGuard } from './input/keyboard-guard.ts';
import { noticeMsFromQuery, timingFromQuery } from './state/query-settings.ts';

installKeyboardGuard(window);
// A long press on a touch screen would open the context menu (and its "inspect", "back" …).
window.addEventListener('contextmenu', (event) => event.preventDefault());

const i18n = createI18n();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App timing={timingFromQuery(location.search)} noticeMs={noticeMsFromQuery(location.search)} />
    </I18nextProvider>
  </StrictMode>,
);
