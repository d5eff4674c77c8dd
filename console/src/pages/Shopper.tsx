import { type FormEvent, useEffect, useState } from 'react';
import type { Api } from '../api.ts';
import { ifAvailable, useLoad } from '../hooks.ts';
import { RecsTable, recommend, shopperFields } from '../recs.tsx';
import { KeyValues, NotAvailable, Section, Show } from '../ui.tsx';

interface ProfileView {
  profileId: string;
  identities: string[];
  traits: Record<string, unknown>;
  consent: Record<string, unknown>;
  features: Record<string, unknown>;
  scores: Record<string, unknown>;
  segments: string[];
}
interface MergeRecord {
  id: string;
  at: number;
  survivor: string;
  absorbed: string;
  keys: string[];
  reason: string;
  undoneAt: number | null;
}
interface TimelineEvent {
  seq: number;
  type: string;
  name: string | null;
  timestamp: number | string;
  storeId?: string | null;
  payload?: { properties?: Record<string, unknown> };
}

const SHOPPER_PLACEMENTS = ['for-you', 'session-next', 'buy-it-again', 'recently-viewed'] as const;

/** The profile when the profiles API is there; the raw event log otherwise. */
async function loadShopper(api: Api, id: string) {
  const enc = encodeURIComponent(id);
  const profile = await ifAvailable(api.get<ProfileView>(`/v1/profiles/${enc}`));
  if (!profile) {
    const ids = shopperFields(id);
    const log = await api.get<{ events: TimelineEvent[] }>('/v1/events', { ...ids, limit: 50 });
    return { profile: undefined, merges: undefined, timeline: log.events };
  }
  const [merges, timeline] = await Promise.all([
    api.get<{ merges: MergeRecord[] }>(`/v1/profiles/${enc}/merges`),
    api.get<{ events: TimelineEvent[] }>(`/v1/profiles/${enc}/events`, { limit: 50 }),
  ]);
  return { profile, merges: merges.merges, timeline: timeline.events };
}

function describe(e: TimelineEvent): string {
  const p = e.payload?.properties ?? {};
  const what = p.name ?? p.query ?? p.product_id ?? p.order_id ?? '';
  return `${e.name ?? e.type}${what ? ` · ${String(what)}` : ''}`;
}

function Timeline(props: { events: TimelineEvent[] }) {
  if (props.events.length === 0) return <p className="muted">no event</p>;
  return (
    <ol className="timeline" aria-label="Event timeline">
      {props.events.map((e) => (
        <li key={e.seq}>
          <time>{new Date(e.timestamp).toISOString().replace('T', ' ').slice(0, 19)}</time>{' '}
          <span>{describe(e)}</span>
        </li>
      ))}
    </ol>
  );
}

function useShopperRecs(id: string) {
  return useLoad(
    (api) =>
      id
        ? ifAvailable(
            Promise.all(
              SHOPPER_PLACEMENTS.map((placement) =>
                recommend(api, { placement, ...shopperFields(id), limit: 5 }),
              ),
            ),
          )
        : Promise.resolve(undefined),
    [id],
  );
}

function Recommendations(props: { recs: ReturnType<typeof useShopperRecs> }) {
  const { recs } = props;
  return (
    <Section title="What panier would recommend now">
      <Show loaded={recs} what="Recommendations" endpoint="POST /v1/recommendations">
        {(all) => (
          <div className="grid">
            {all.map((r) => (
              <div key={r.placement}>
                <h3>{r.placement}</h3>
                <RecsTable recs={r} label={`${r.placement} for this shopper`} />
              </div>
            ))}
          </div>
        )}
      </Show>
    </Section>
  );
}

export function ShopperPage(props: { arg: string }) {
  const [input, setInput] = useState(props.arg);
  useEffect(() => setInput(props.arg), [props.arg]);
  const id = props.arg;
  const loaded = useLoad((api) => (id ? loadShopper(api, id) : Promise.resolve(undefined)), [id]);
  const recs = useShopperRecs(id);
  const ready = !loaded.loading && !recs.loading;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    window.location.hash = `#/shopper/${encodeURIComponent(input.trim())}`;
  };
  const d = loaded.data;
  return (
    <div className="page" data-ready={ready || undefined}>
      <search>
        <form className="toolbar" onSubmit={submit}>
          <label htmlFor="shopper-id">Shopper id (user id, anonymous id, email…)</label>
          <input id="shopper-id" value={input} onChange={(e) => setInput(e.target.value)} />
          <button type="submit">Look up</button>
        </form>
      </search>
      {!id && (
        <p className="muted">
          Enter any id the shopper is known by; the Segments page links sample members here.
        </p>
      )}
      {id && (
        <Show loaded={loaded} what="Profiles" endpoint={`GET /v1/profiles/${id}`}>
          {(data) => (
            <>
              {!data.profile && (
                <NotAvailable what="Profiles (showing the raw event log)" endpoint="GET /v1/profiles/:id" />
              )}
              {data.profile && (
                <div className="grid">
                  <Section title="Identity">
                    <p>
                      profile <code data-testid="profile-id">{data.profile.profileId}</code>
                    </p>
                    <ul aria-label="Identities">
                      {data.profile.identities.map((i) => (
                        <li key={i}>
                          <code>{i}</code>
                        </li>
                      ))}
                    </ul>
                    <h3>Merged identities</h3>
                    {d?.merges?.length ? (
                      <ul aria-label="Merges">
                        {d.merges.map((m) => (
                          <li key={m.id}>
                            {new Date(m.at).toISOString().slice(0, 10)}: absorbed <code>{m.absorbed}</code> (
                            {m.keys.join(', ')}) — {m.reason}
                            {m.undoneAt !== null ? ' (undone)' : ''}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="muted">no merge</p>
                    )}
                  </Section>
                  <Section title="Scores">
                    <KeyValues values={data.profile.scores} label="Scores" />
                  </Section>
                  <Section title="Features">
                    <KeyValues values={data.profile.features} label="Features" />
                  </Section>
                  <Section title="Traits">
                    <KeyValues values={data.profile.traits} label="Traits" />
                  </Section>
                  <Section title="Segments and consent">
                    <p data-testid="segments">{data.profile.segments.join(', ') || 'in no segment'}</p>
                    <KeyValues values={data.profile.consent} label="Consent" />
                  </Section>
                </div>
              )}
              <Recommendations recs={recs} />
              <Section title="Event timeline">
                <Timeline events={data.timeline} />
              </Section>
            </>
          )}
        </Show>
      )}
    </div>
  );
}
