import { useLayoutEffect, useRef, useState } from 'react'
import type { Call, TranscriptSegment } from '../../../../domain/schemas'
import { useLiveQuery } from '../../db/use-live-query'
import { isFollowingLive, speakerLabel, transcriptionNotice, transcriptLines } from './live-model'

/**
 * The call's transcript as it streams in. It follows the newest line until the user scrolls up
 * to read, then offers "Jump to live". Screen readers hear final lines only: interim text keeps
 * changing and would be read out half-finished.
 */
export function Transcript({ call }: { call: Call }) {
  const { documents: segments, loading } = useLiveQuery<TranscriptSegment>('transcriptSegments', { selector: { callId: call.id } })
  const lines = transcriptLines(segments)
  const box = useRef<HTMLOListElement>(null)
  const [following, setFollowing] = useState(true)

  useLayoutEffect(() => {
    const element = box.current
    if (following && element) element.scrollTop = element.scrollHeight
  }, [segments, following])

  const notice = transcriptionNotice(call, lines.length)
  const stillListening = call.transcription === 'live' || ((call.transcription ?? 'none') === 'none' && call.status !== 'ended')
  return (
    <section className="live-transcript" aria-labelledby="live-transcript-title">
      <header className="live-section-header">
        <h3 id="live-transcript-title">Transcript</h3>
        {notice && (
          <span className={`badge transcription-${notice.tone}`} data-testid="transcription-state" data-tone={notice.tone}>
            {notice.text}
          </span>
        )}
      </header>
      {!loading && lines.length === 0 ? (
        <p className="hint">
          {stillListening ? 'Words appear here as the caller and the AI speak.' : 'No transcript was recorded for this call.'}
        </p>
      ) : (
        <div className="transcript-frame">
          <ol
            ref={box}
            className="live-transcript-lines"
            role="log"
            aria-live="polite"
            aria-label="Transcript"
            data-testid="transcript"
            tabIndex={0}
            onScroll={() => {
              if (box.current) setFollowing(isFollowingLive(box.current))
            }}
          >
            {lines.map((line) => (
              <li
                key={line.id}
                className={`transcript-line speaker-${line.speaker}${line.isFinal ? '' : ' interim'}`}
                data-testid={`segment-${line.id}`}
                data-final={line.isFinal}
                aria-hidden={line.isFinal ? undefined : true}
              >
                <span className="speaker" title={speakerLabel(line).title} data-confidence={line.speakerConfidence ?? undefined}>
                  {speakerLabel(line).label}
                </span>
                <span className="transcript-text">{line.text}</span>
              </li>
            ))}
          </ol>
          {!following && (
            <button type="button" className="jump-to-live" onClick={() => setFollowing(true)}>
              Jump to live ↓
            </button>
          )}
        </div>
      )}
    </section>
  )
}
