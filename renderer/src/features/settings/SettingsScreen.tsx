import { useEffect, type ReactNode } from 'react';
import { MAX_MEDIA_CONCURRENCY, THEMES, type SettingsView, type Theme } from '../../../../shared/settings';
import { Icon } from '../../components/Icon';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/format';
import { ipc } from '../../lib/ipc';
import { BucketSection } from '../bucket/BucketSection';
import { selectSettingsSaving, selectSettingsStatus, selectSettingsView, useSettingsStore } from './settings-store';
import './settings.css';

const THEME_LABEL: Record<Theme, { title: string; text: string }> = {
  system: { title: 'System', text: 'Follows the light or dark setting of this computer' },
  light: { title: 'Light', text: 'Always light' },
  dark: { title: 'Dark', text: 'Always dark' },
};

const TIME_LIMITS = [60, 120, 300, 600, 1800, 3600];
const limitLabel = (s: number) => (s < 60 ? `${s} s` : s % 3600 === 0 ? `${s / 3600} h` : `${s / 60} min`);

function Section({ title, lead, children, testId }: { title: string; lead?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="st-section" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h2 className="st-title" id={`${testId}-title`}>
        {title}
      </h2>
      {lead && <p className="st-lead muted">{lead}</p>}
      {children}
    </section>
  );
}

function ThemeSection({ v }: { v: SettingsView }) {
  const saving = useSettingsStore(selectSettingsSaving);
  return (
    <Section title="Appearance" testId="settings-theme">
      <div className="st-themes" role="radiogroup" aria-label="Theme">
        {THEMES.map((t) => (
          <label key={t} className={`choice choice-row st-theme${v.settings.theme === t ? ' selected' : ''}`}>
            <input type="radio" name="theme" value={t} checked={v.settings.theme === t} disabled={saving} onChange={() => void useSettingsStore.getState().update({ theme: t })} />
            <span className={`st-swatch st-swatch-${t}`} aria-hidden="true" />
            <span>
              <span className="choice-title">{THEME_LABEL[t].title}</span>
              <span className="choice-text">{THEME_LABEL[t].text}</span>
            </span>
          </label>
        ))}
      </div>
    </Section>
  );
}

function LibrarySection({ v }: { v: SettingsView }) {
  const desktop = ipc.host === 'desktop';
  const saving = useSettingsStore(selectSettingsSaving);
  const { chooseLibrary, update, relaunch } = useSettingsStore.getState();
  const chosen = v.settings.libraryDir ?? v.defaultLibraryDir;
  return (
    <Section
      title="Library folder"
      testId="settings-library"
      lead={
        <>
          Where projects, assets, renders and checkpoints are kept. The desktop app, <code>reelvault serve</code> and the CLI open this folder unless told otherwise.
        </>
      }
    >
      <dl className="st-facts">
        <div>
          <dt>Open now</dt>
          <dd>
            <code data-testid="settings-library-now">{v.libraryDir}</code>
          </dd>
        </div>
        <div>
          <dt>Setting</dt>
          <dd>
            <code>{chosen}</code>
            {v.settings.libraryDir === null && <span className="muted"> (the default)</span>}
          </dd>
        </div>
      </dl>
      {v.libraryOverride && (
        <p className="st-note" role="note">
          <Icon name="info" /> This library was opened with <code>{v.libraryOverride}</code>, which wins over the setting.
        </p>
      )}
      {v.restartNeeded && chosen !== v.libraryDir && !v.libraryOverride && (
        <p className="st-note st-note-warn" role="status" data-testid="settings-restart">
          <Icon name="alert" /> {desktop ? 'Restart Reelvault to open' : <>The next <code>reelvault serve</code> opens</>} <code>{chosen}</code>.
          {desktop && (
            <button type="button" className="btn btn-small btn-primary" onClick={() => void relaunch()}>
              Restart now
            </button>
          )}
        </p>
      )}
      {desktop ? (
        <div className="toolbar">
          <button type="button" className="btn" disabled={saving} onClick={() => void chooseLibrary()}>
            <Icon name="folderOpen" /> Choose another folder…
          </button>
          {v.settings.libraryDir !== null && (
            <button type="button" className="btn btn-ghost" disabled={saving} onClick={() => void update({ libraryDir: null })}>
              Use the default
            </button>
          )}
        </div>
      ) : (
        <p className="st-lead muted">
          In the browser, the library is the one <code>reelvault serve</code> was started with; choose another with <code>reelvault serve --library &lt;folder&gt;</code> or in the desktop app.
        </p>
      )}
    </Section>
  );
}

function MediaSection({ v }: { v: SettingsView }) {
  const saving = useSettingsStore(selectSettingsSaving);
  const { update } = useSettingsStore.getState();
  const m = v.settings.media;
  const now = v.mediaNow;
  const limits = TIME_LIMITS.includes(m.timeoutSeconds) ? TIME_LIMITS : [...TIME_LIMITS, m.timeoutSeconds].sort((a, b) => a - b);
  return (
    <Section title="Media work" testId="settings-media" lead="Imported media and every render get probed, and get posters, a filmstrip and a waveform, in a background queue.">
      <div className="st-grid">
        <label className="field">
          <span className="field-label">Jobs at once</span>
          <select
            value={m.concurrency === null ? 'auto' : String(m.concurrency)}
            disabled={saving}
            onChange={(e) => void update({ media: { concurrency: e.target.value === 'auto' ? null : Number(e.target.value) } }, 'Saved: jobs at once')}
          >
            <option value="auto">Automatic (one less than the cores)</option>
            {Array.from({ length: Math.min(MAX_MEDIA_CONCURRENCY, 16) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <span className="choice-text">{now ? `Running ${now.concurrency} at once now; a change applies at once.` : 'This host runs no media queue.'}</span>
        </label>
        <label className="field">
          <span className="field-label">Time limit per file</span>
          <select value={String(m.timeoutSeconds)} disabled={saving} onChange={(e) => void update({ media: { timeoutSeconds: Number(e.target.value) } }, 'Saved: time limit (applies at the next start)')}>
            {limits.map((s) => (
              <option key={s} value={s}>
                {limitLabel(s)}
              </option>
            ))}
          </select>
          <span className="choice-text">A file that takes longer is stopped and marked, with a retry.{now && now.timeoutSeconds !== m.timeoutSeconds ? ` Now ${limitLabel(now.timeoutSeconds)}; the new limit applies at the next start.` : ''}</span>
        </label>
      </div>
      <label className="st-check">
        <input type="checkbox" checked={m.startPaused} disabled={saving} onChange={(e) => void update({ media: { startPaused: e.target.checked } })} />
        <span>
          <span className="choice-title">Start with media work paused</span>
          <span className="choice-text">New work waits until you resume it from the jobs panel (on a laptop on battery, say).</span>
        </span>
      </label>
    </Section>
  );
}

function CacheSection({ v }: { v: SettingsView }) {
  return (
    <Section
      title="Cache"
      testId="settings-cache"
      lead="Posters, filmstrips and waveforms are kept in the library with what they were made from, so they survive a restart; an item's Retry makes them again."
    >
      {v.cache ? (
        <div className="st-row">
          <span>
            Cached web content and drag-out links: <strong data-testid="settings-cache-size">{formatBytes(v.cache.bytes)}</strong>
          </span>
          <button type="button" className="btn btn-small" onClick={() => void useSettingsStore.getState().clearCache()}>
            Clear cache
          </button>
        </div>
      ) : (
        <p className="st-lead muted">In the browser, its own cache is cleared from the browser&apos;s settings.</p>
      )}
      {v.logDir && (
        <p className="st-lead muted">
          Logs: <code>{v.logDir}</code> (Help › Open Log Folder)
        </p>
      )}
    </Section>
  );
}

export function SettingsScreen() {
  const v = useSettingsStore(selectSettingsView);
  const status = useSettingsStore(selectSettingsStatus);
  useEffect(() => {
    void useSettingsStore.getState().load();
  }, []);
  return (
    <div className="page st-page">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="page-subtitle">{v?.file ? <>Kept in <code>{v.file}</code>, shared by the desktop app, the browser and the CLI.</> : 'For this machine.'}</p>
        </div>
      </header>
      {!v ? (
        status === 'error' ? <p className="error">The settings could not be read.</p> : <Spinner label="Reading the settings…" />
      ) : (
        <div className="st-sections">
          <ThemeSection v={v} />
          <LibrarySection v={v} />
          <BucketSection />
          <MediaSection v={v} />
          <CacheSection v={v} />
        </div>
      )}
    </div>
  );
}
