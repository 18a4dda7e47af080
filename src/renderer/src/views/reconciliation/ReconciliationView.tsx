import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function ReconciliationView() {
  return <ViewFrame view={views.reconciliation} />
}
