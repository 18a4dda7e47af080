import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function BookingsView() {
  return <ViewFrame view={views.bookings} />
}
