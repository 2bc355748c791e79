export type { Questionnaire, QuestionnaireItem, ResponseOptions } from './questionnaire';
export { administrationForms, type AdministrationForm } from './administration-forms';
export { questionnaireDesign } from './questionnaire-design';
export { scoreQuestionnaire, type ItemResponse, type AdministrationScores, type QuestionnaireScores } from './score-questionnaire';
export { questionnaireReliability, type SubscaleReliability } from './questionnaire-reliability';
export { questionnaireSummary, type SubscaleSummary } from './questionnaire-summary';
export { itemOrderEffect, type ItemOrderEffect } from './item-order-effect';
