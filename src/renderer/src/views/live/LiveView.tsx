import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function LiveView() {
  return <ViewFrame view={views.live} />
}
