/**
 * The one needs-attention item the relay keeps open while the business is not set up; the
 * console offers the owner a way to Settings from it. (Its own module: the console's shell
 * loads it before any view.)
 */
export const setupReminderId = 'att_business_setup'
export const setupReminderTitle = 'Finish setting up the business'
