import { create } from 'zustand'
import { packageStatus, type PackageStatus } from '../../../../domain/knowledge/active-packages'
import { draftFromFaq, draftFromPackage } from '../../../../domain/knowledge/offer-drafts'
import { formatCents } from '../../../../domain/money'
import type { Package, Settings } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { UndoToast } from '../../components/UndoToast'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'
import { FaqForm, type Faq } from './FaqForm'
import { MessageTemplatesSection } from './MessageTemplatesSection'
import { PackageForm } from './PackageForm'

const statusLabels: Record<PackageStatus, string> = {
  active: 'Active',
  upcoming: 'Upcoming',
  inactive: 'Paused',
  expired: 'Expired: never offered',
}
/** Active first, expired last: the owner reads what customers hear today at the top. */
const statusOrder: PackageStatus[] = ['active', 'upcoming', 'inactive', 'expired']

/** What the owner is editing: a package id, an FAQ position, or nothing (the forms add). */
const useEditingStore = create<{ packageId: string | null; faqIndex: number | null; editPackage(id: string | null): void; editFaq(index: number | null): void }>(
  (set) => ({
    packageId: null,
    faqIndex: null,
    editPackage: (packageId) => set({ packageId }),
    editFaq: (faqIndex) => set({ faqIndex }),
  }),
)

/** The last removed package stays undoable for ten seconds (kept here so it outlives the table). */
const useRemovalStore = create<{ removed: Package | null; setRemoved(offer: Package | null): void }>((set) => ({
  removed: null,
  setRemoved: (removed) => set({ removed }),
}))

export function OffersView() {
  const sync = useSyncStore((state) => state.sync)
  const packagesQuery = useLiveQuery<Package>('packages')
  const settingsQuery = useLiveQuery<Settings>('settings')

  if (!sync?.paired) {
    return (
      <PairFirst view={views.offers}>
        Packages and the answers the AI gives are kept on the relay and synced here. Pair this console in Settings to manage them.
      </PairFirst>
    )
  }
  const canManage = sync.role === 'owner'
  const settings = settingsQuery.documents.find((document) => document.id === 'business') ?? null
  // The console runs where the business is; the owner's settings name the zone exactly.
  const timeZone = settings?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  // en-CA formats dates as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())

  return (
    <ViewFrame view={views.offers}>
      <section className="offers-section" aria-labelledby="offers-packages">
        <h2 id="offers-packages">Seasonal packages</h2>
        <p className="hint">The AI offers a package only while it is active: from its first day to its last, and not paused.</p>
        {!packagesQuery.loading && packagesQuery.documents.length === 0 ? (
          <EmptyState title="No packages yet">
            Seasonal offers (a holiday feast, a summer special) appear here with their prices and dates.
            {canManage ? ' Add one below.' : ' The owner adds them.'}
          </EmptyState>
        ) : (
          <PackageTable packages={packagesQuery.documents} today={today} canManage={canManage} />
        )}
        {canManage && <PackageEditor packages={packagesQuery.documents} />}
      </section>
      <section className="offers-section" aria-labelledby="offers-faqs">
        <h2 id="offers-faqs">Answers to common questions</h2>
        {canManage ? (
          <FaqSection settings={settings} loading={settingsQuery.loading} />
        ) : (
          <p className="hint">Only the owner's console holds the business settings, where these answers are kept.</p>
        )}
      </section>
      <section className="offers-section" aria-labelledby="offers-texts">
        <h2 id="offers-texts">Automatic texts</h2>
        {!canManage ? (
          <p className="hint">Only the owner's console holds the business settings, where these texts are kept.</p>
        ) : settingsQuery.loading ? null : (
          settings ? <MessageTemplatesSection settings={settings} /> : <SetUpFirst what="the automatic texts" />
        )}
      </section>
      <UndoRemoval />
    </ViewFrame>
  )
}

function PackageTable({ packages, today, canManage }: { packages: Package[]; today: string; canManage: boolean }) {
  const remove = useSyncStore((state) => state.remove)
  const setRemoved = useRemovalStore((state) => state.setRemoved)
  const editPackage = useEditingStore((state) => state.editPackage)
  const rows = packages
    .map((offer) => ({ offer, status: packageStatus(offer, today) }))
    .sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || a.offer.validFrom.localeCompare(b.offer.validFrom))
  return (
    <table className="table offers-table" aria-label="Packages">
      <thead>
        <tr>
          <th scope="col">Package</th>
          <th scope="col">Adult</th>
          <th scope="col">Child</th>
          <th scope="col">Dates</th>
          <th scope="col">Status</th>
          {canManage && <th scope="col"><span className="visually-hidden">Actions</span></th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ offer, status }) => (
          <tr key={offer.id} data-testid={`package-${offer.name}`} data-status={status} className={`package-${status}`}>
            <td>
              <strong>{offer.name}</strong>
              {offer.description && <div className="hint">{offer.description}</div>}
            </td>
            <td>{formatCents(offer.pricePerAdultCents)}</td>
            <td>{formatCents(offer.pricePerChildCents)}</td>
            <td>
              {offer.validFrom} – {offer.validTo ?? 'no end date'}
            </td>
            <td>
              <span className={`badge package-badge-${status}`}>{statusLabels[status]}</span>
            </td>
            {canManage && (
              <td className="row-actions">
                <button type="button" className="link-button" onClick={() => editPackage(offer.id)}>
                  Edit
                </button>
                <button type="button" className="link-button" onClick={() => void remove('packages', offer.id).then(() => setRemoved(offer))}>
                  Remove
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function PackageEditor({ packages }: { packages: Package[] }) {
  const save = useSyncStore((state) => state.save)
  const { packageId, editPackage } = useEditingStore()
  const editing = packages.find((offer) => offer.id === packageId) ?? null
  return (
    <PackageForm
      key={editing?.id ?? 'new'}
      editing={editing}
      initial={editing ? draftFromPackage(editing) : undefined}
      onSave={async (offer) => {
        await save('packages', offer)
        editPackage(null)
      }}
      onCancel={editing ? () => editPackage(null) : undefined}
    />
  )
}

function UndoRemoval() {
  const save = useSyncStore((state) => state.save)
  const { removed, setRemoved } = useRemovalStore()
  if (!removed) return null
  return (
    <UndoToast
      message={`Removed package ${removed.name}.`}
      onUndo={() => void save('packages', { ...removed }).then(() => setRemoved(null))}
      onExpire={() => setRemoved(null)}
    />
  )
}

/**
 * Answers the AI may give, kept in the settings document: they wait until the business is set
 * up (nothing else is ever saved as the business's settings, least of all the demo's).
 */
function SetUpFirst({ what }: { what: string }) {
  const show = useNavigationStore((state) => state.show)
  return (
    <EmptyState title="Set up the business first">
      {what.charAt(0).toUpperCase() + what.slice(1)} are kept with the business settings, which do not exist yet.{' '}
      <button type="button" className="link-button" onClick={() => show('settings')}>
        Set up the business in Settings
      </button>
    </EmptyState>
  )
}

/** FAQs live in the settings document, so they can be written once the business is set up. */
function FaqSection({ settings, loading }: { settings: Settings | null; loading: boolean }) {
  const save = useSyncStore((state) => state.save)
  const { faqIndex, editFaq } = useEditingStore()
  if (loading) return null
  if (!settings) return <SetUpFirst what="the answers to common questions" />
  const faqs = settings.faqs ?? []
  const store = async (next: Faq[]) => {
    await save('settings', { ...settings, faqs: next })
  }
  const editing = faqIndex !== null && faqIndex < faqs.length ? faqs[faqIndex]! : null

  return (
    <>
      <p className="hint">
        When a customer's message contains one of the keywords, the AI sends the answer word for word. Allergy questions still go to a person.
      </p>
      {faqs.length === 0 ? (
        <EmptyState title="No answers yet">
          Questions customers often ask (what's included, parking, how long a party lasts) appear here with the answer the AI sends.
        </EmptyState>
      ) : (
        <ul className="faq-list" aria-label="Answers">
          {faqs.map((faq, index) => (
            <li key={`${index}-${faq.question}`} data-testid="faq-entry">
              <strong>{faq.question}</strong>
              <p>{faq.answer}</p>
              <p className="hint">Keywords: {faq.keywords.join(', ')}</p>
              <div className="row-actions">
                <button type="button" className="link-button" onClick={() => editFaq(index)} aria-label={`Edit answer: ${faq.question}`}>
                  Edit
                </button>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Remove answer: ${faq.question}`}
                  onClick={() => void store(faqs.filter((_, position) => position !== index)).then(() => editFaq(null))}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <FaqForm
        key={editing ? `edit-${faqIndex}` : 'new'}
        editing={editing !== null}
        initial={editing ? draftFromFaq(editing) : undefined}
        onSave={async (faq) => {
          await store(editing ? faqs.map((existing, position) => (position === faqIndex ? faq : existing)) : [...faqs, faq])
          editFaq(null)
        }}
        onCancel={editing ? () => editFaq(null) : undefined}
      />
    </>
  )
}
