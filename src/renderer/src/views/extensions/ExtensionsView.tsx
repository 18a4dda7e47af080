import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'

export function ExtensionsView() {
  return <ViewFrame view={views.extensions} />
}
