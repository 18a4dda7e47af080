import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function InboxView() {
  return <ViewFrame view={views.inbox} />
}
