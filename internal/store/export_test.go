package store

// SetBatchLen makes im hand rows to its writer n at a time instead of
// importBatch, so that a test crosses several batch boundaries with a few
// hundred rows rather than a hundred thousand. Call it before Add.
func (im *Importer) SetBatchLen(n int) { im.batchLen = n }
