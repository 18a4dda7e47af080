import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function OffersView() {
  return <ViewFrame view={views.offers} />
}
